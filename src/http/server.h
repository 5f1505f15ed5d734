/* The HTTP server: libmicrohttpd with its own polling thread and a pool of worker threads.
 * It checks the caller (the admit hook) before it reads a body, then collects the body (up
 * to a cap) into a struct request with a fresh arena: in memory up to BODY_MEM_EACH bytes
 * while all bodies in memory stay under BODY_MEM_ALL, else in an unnamed spool file (gone
 * with the process, even after a crash) that is mapped for the handler.  It hands the
 * complete request to one handler, and sends what the handler put in the reply.
 * A request and everything in its arena are freed when libmicrohttpd is done with it.
 *
 * Requests that only read (GET, HEAD) are handled on libmicrohttpd's threads, one per core.
 * Every other request (the ones that change data, sign in or upload files) is handed to a
 * pool of write threads while its connection is suspended, so a slow change never holds up
 * the reads queued on the same connection thread, and changes arriving together are
 * committed together (svc_tx groups them). */
#ifndef TICKETD_SERVER_H
#define TICKETD_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../base/strbuf.h"

#define REQ_MAX_PARAMS 4

struct MHD_Connection;
struct server;

struct resp_header {
	struct resp_header *next;
	const char *name, *value;
};

/* A reply body that is not in memory: an open file (fd >= 0, closed by the reply), or bytes
 * read piece by piece in order (a file in object storage): read copies up to max bytes from
 * offset pos into buf and returns how many (> 0), or -1 when the source fails midway (the
 * connection is then closed, the client sees a short body).  release is called once, when
 * the reply is done with the stream, sent or not. */
/* A stream of a size not known beforehand (sent chunked): its read returns 0 at the end. */
#define REPLY_SIZE_UNKNOWN UINT64_MAX

struct reply_stream {
	uint64_t size;
	int fd;
	ssize_t (*read)(void *cls, uint64_t pos, char *buf, size_t max);
	void (*release)(void *cls);
	void *cls;
};

struct request {
	struct arena arena;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;   /* the URL path, without the query */
	struct strbuf body; /* the body while it fits in memory (see body_data) */
	bool body_too_large;
	/* The whole body once it is read, for the handler: r->body's bytes, or the spool file
	 * mapped read-only when the body went there (not NUL-terminated either way). */
	const char *body_data;
	size_t body_len;
	int spool_fd;	  /* -1: the body is in memory */
	size_t spool_len; /* bytes written to the spool file */
	void *spool_map;  /* body_data when mapped */
	size_t body_mem;  /* bytes of r->body counted against the server's memory budget */
	bool admitted;	  /* the caller was checked before the body was read */
	size_t body_cap;  /* the cap that applied: max_body, or max_upload for multipart */
	struct error err;
	char client_ip[64];
	uint64_t started_ns; /* when its first byte came, on the monotonic clock */

	/* Set by the router. */
	const void *route;
	const char *params[REQ_MAX_PARAMS];
	int nparams;

	/* Set by the application's handler. */
	void *app;
	void *user;   /* the authenticated user, owned by the application */
	int64_t idem; /* the application's claim of the request's Idempotency-Key; 0: none */
	void *portal; /* or the customer portal's principal (never both) */

	/* The reply. */
	int status;
	char *resp_body; /* malloc'd; freed by the response */
	size_t resp_len;
	const char *content_type;
	struct resp_header *headers;
	const char *file_path; /* reply with this file's contents instead (static files) */
	uint64_t file_size;
	bool has_stream; /* reply with stream instead; owned by the request from then on */
	struct reply_stream stream;
	bool handled; /* the handler has run (on a write thread): the reply is ready */
	struct request *next_queued; /* the write threads' queue */
};

typedef void (*request_handler)(struct request *r);
/* Called once the headers are in, before any of the body is read, for every request that
 * is not a GET or HEAD: true to read the body, false when it has answered (r->status set),
 * and the body is then never read (the connection closes after the reply). */
typedef bool (*request_admit)(struct request *r);

/* Called once per request when libmicrohttpd is done with it (its reply sent, or not: sent
 * says which), before its arena is freed: metrics and access logs. */
typedef void (*request_completed)(struct request *r, bool sent);

struct server_config {
	const char *bind; /* address, e.g. "127.0.0.1" or "0.0.0.0" */
	int port;	  /* 0: any free port (see server_port) */
	size_t max_body;  /* bytes; a larger body gets 413 */
	/* bytes of a multipart/form-data body (file uploads); larger gets 413.  0: max_body */
	size_t max_upload;
	unsigned threads;	/* threads serving reads; 0: one per core */
	unsigned write_threads; /* threads handling the other requests; 0: four per core */
	/* Connections from one client address at once; more are closed as they come.  0: no
	 * limit (behind a reverse proxy every client has the proxy's address). */
	unsigned max_per_address;
	/* Seconds a request may take from its first byte to its last (headers and body,
	 * however steadily they trickle in); its connection is then closed.  0: none. */
	unsigned request_deadline;
	request_admit admit;	     /* NULL: every body is read */
	request_completed completed; /* NULL: none */
	const char *spool_dir;	     /* where bodies too large for memory go; NULL: /tmp */
};

/* Starts serving.  NULL (logged) when the address cannot be bound. */
struct server *server_start(const struct server_config *cfg, request_handler handler, void *app);
int server_port(struct server *s);
/* Stops accepting, waits up to drain_ms for requests in flight, then stops and frees. */
void server_stop(struct server *s, int drain_ms);

/* Request helpers. */
const char *req_query(struct request *r, const char *key);
const char *req_header(struct request *r, const char *name);
const char *req_cookie(struct request *r, const char *name);
void req_add_header(struct request *r, const char *name, const char *value);

#endif
