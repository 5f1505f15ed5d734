-- The name a comment was written under when its author is not a staff user (issue 18's
-- "to be discussed": a portal contact's name on each of their replies).  The customer
-- portal writes through the reserved user portal@ticketd.invalid; each reply it writes
-- keeps who wrote it ("Rahul Sharma (The Grand Maratha Hotel)", "Ananya Iyer (customer)"),
-- and the timeline shows that instead of the reserved user's name.  NULL for staff, whose
-- comments show their user's name as it is now.
ALTER TABLE ticket_comments ADD COLUMN author_name TEXT;
