-- Which portal contact wrote a reply (NULL for staff and for home customers, who are their
-- ticket's one customer).  The portal shows a contact "You" on their own replies and a
-- colleague's name on the others': told apart by the contact, not by the name the reply
-- was written under, which two contacts may share and a rename changes.
ALTER TABLE ticket_comments ADD COLUMN author_contact_id BIGINT REFERENCES portal_contacts (contact_id);
