/* HTTP server on libmicrohttpd; see server.h.
 *
 * Two traps measured on these machines (DESIGN.md): answering in the first call of the access
 * handler makes libmicrohttpd close the connection, so the reply is queued on a later call;
 * and signals must be blocked in its threads (main.c blocks them before starting us). */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/cores.h"
#include "../base/log.h"
#include "gzip.h"
#include "mediatype.h"
#include "router.h"
#include "../base/banned.h"

/* Request bodies in memory: each up to BODY_MEM_EACH bytes, all together up to BODY_MEM_ALL;
 * a body past either goes to a spool file.  Twenty 40 MiB uploads held in memory took the
 * server from 20 MB to 830 MB; now the most memory bodies can hold is BODY_MEM_ALL, however
 * many arrive (docs/decisions.md). */
#define BODY_MEM_EACH ((size_t)64 << 10)
#define BODY_MEM_ALL  ((size_t)32 << 20)

/* A connection's deadline: the moment by which the request it is receiving must be in
 * (headers and body), 0 while a request is being handled or answered.  The watchdog thread
 * shuts down the socket of a connection past it, and libmicrohttpd then closes it. */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	int64_t deadline; /* ms, CLOCK_MONOTONIC; 0: none */
};

struct server {
	struct MHD_Daemon *daemon;
	/* The connections' deadlines and the thread that enforces them. */
	pthread_mutex_t watch_lock;
	pthread_cond_t watch_stop;
	struct conn_watch *watched;
	int64_t deadline_ms; /* 0: no deadline, no watchdog */
	bool watchdog_on, watchdog_stopping;
	pthread_t watchdog;
	request_handler handler;
	request_admit admit;
	request_completed completed;
	const char *spool_dir;
	atomic_size_t body_mem; /* bytes of bodies in memory, all requests */
	void *app;
	size_t max_body;
	size_t max_upload;
	atomic_int in_flight;

	/* The write threads and their queue of suspended requests, oldest first. */
	pthread_t *writers;
	unsigned nwriters; /* set before the daemon starts, fixed until it stops */
	pthread_mutex_t queue_lock;
	pthread_cond_t queued;
	struct request *head, **tail;
	bool stopping; /* the write threads finish the queue and end; no more are queued */
	bool refusing; /* the drain time is over: queued requests are answered 503 unrun */
};

static bool only_reads(const char *method)
{
	return !strcmp(method, "GET") || !strcmp(method, "HEAD");
}

/* A write thread: handles queued requests and resumes their connections, whose reply
 * libmicrohttpd then sends from its own thread (on_request, r->handled).  At a stop it
 * finishes the queue before it returns. */
static void *writer_main(void *arg)
{
	struct server *s = arg;

	pthread_mutex_lock(&s->queue_lock);
	for (;;) {
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->queued, &s->queue_lock);
		struct request *r = s->head;

		if (!r)
			break;
		s->head = r->next_queued;
		if (!s->head)
			s->tail = &s->head;
		if (s->refusing)
			err_set(&r->err, ERR_UNAVAILABLE, NULL,
				"the server is stopping; nothing was changed, try again");
		pthread_mutex_unlock(&s->queue_lock);
		s->handler(r); /* with r->err set, the handler only answers the error */
		r->handled = true;
		MHD_resume_connection(r->conn);
		pthread_mutex_lock(&s->queue_lock);
	}
	pthread_mutex_unlock(&s->queue_lock);
	return NULL;
}

/* Suspends the request's connection and queues it for the write threads; false when they
 * are stopping (the caller then handles the request itself). */
static bool enqueue(struct server *s, struct request *r)
{
	r->next_queued = NULL;
	pthread_mutex_lock(&s->queue_lock);
	if (s->stopping) {
		pthread_mutex_unlock(&s->queue_lock);
		return false;
	}
	MHD_suspend_connection(r->conn);
	*s->tail = r;
	s->tail = &r->next_queued;
	pthread_cond_signal(&s->queued);
	pthread_mutex_unlock(&s->queue_lock);
	return true;
}

/* Ends the write threads once they have finished the queue; with refuse, what is still
 * queued is answered 503 without being run. */
static void writers_stop(struct server *s, bool refuse)
{
	pthread_mutex_lock(&s->queue_lock);
	s->stopping = true;
	s->refusing = refuse;
	pthread_cond_broadcast(&s->queued);
	pthread_mutex_unlock(&s->queue_lock);
	for (unsigned i = 0; i < s->nwriters; i++)
		pthread_join(s->writers[i], NULL);
}

static void client_address(struct request *r)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(r->client_ip, sizeof(r->client_ip), "unknown");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;

	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->client_ip,
			  sizeof(r->client_ip));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->client_ip,
			  sizeof(r->client_ip));
}

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct reply_stream *st = cls;
	ssize_t n = st->read(st->cls, pos, buf, max);

	if (n == 0 && st->size == REPLY_SIZE_UNKNOWN)
		return MHD_CONTENT_READER_END_OF_STREAM;
	return n > 0 ? n : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_release(struct reply_stream *st)
{
	if (st->fd >= 0)
		close(st->fd);
	else if (st->release)
		st->release(st->cls);
	st->fd = -1;
	st->release = NULL;
}

static void stream_free(void *cls)
{
	stream_release(cls);
	free(cls);
}

/* A response for r's stream, which it then owns; NULL (the stream released) on failure. */
static struct MHD_Response *stream_response(struct request *r)
{
	struct MHD_Response *resp = NULL;
	struct reply_stream *st;

	r->has_stream = false;
	if (r->stream.fd >= 0) {
		resp = MHD_create_response_from_fd64(r->stream.size, r->stream.fd);
		if (!resp)
			close(r->stream.fd);
		return resp;
	}
	st = malloc(sizeof(*st));
	if (st) {
		*st = r->stream;
		resp = MHD_create_response_from_callback(
		    r->stream.size == REPLY_SIZE_UNKNOWN ? MHD_SIZE_UNKNOWN : r->stream.size,
		    64 * 1024, stream_read, st, stream_free);
	}
	if (!resp) {
		stream_release(&r->stream);
		free(st);
	}
	return resp;
}

/* Whether a reply of this type is worth compressing: JSON and text (not photos, which are
 * compressed already, nor files streamed from the store). */
static bool compressible_type(const char *type)
{
	return !type || !strncmp(type, "application/json", 16) || !strncmp(type, "text/", 5);
}

static enum MHD_Result send_reply(struct server *s, struct request *r)
{
	struct MHD_Response *resp = NULL;

	if (r->has_stream) {
		resp = stream_response(r);
		if (!resp)
			r->status = 500;
	}

	if (r->file_path) {
		int fd = open(r->file_path, O_RDONLY | O_CLOEXEC);

		if (fd >= 0)
			resp = MHD_create_response_from_fd64(r->file_size, fd);
		if (!resp) {
			if (fd >= 0)
				close(fd);
			r->status = 500;
		}
	}
	bool gzipped = false, compressible = !resp && compressible_type(r->content_type);

	if (!resp) {
		char *body = r->resp_body ? r->resp_body : strdup("");
		size_t len = body ? strlen(body) : 0, zlen;
		char *z = NULL;

		r->resp_body = NULL;
		if (compressible && len >= GZIP_MIN &&
		    gzip_accepted(MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
							      MHD_HTTP_HEADER_ACCEPT_ENCODING)))
			z = gzip_compress(body, len, &zlen);
		if (z) {
			free(body);
			body = z;
			len = zlen;
			gzipped = true;
		}
		resp = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
		if (!resp) {
			free(body);
			return MHD_NO;
		}
	}
	if (compressible)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (gzipped)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	MHD_add_response_header(resp, "Content-Type",
				r->content_type ? r->content_type : "application/json");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	for (struct resp_header *h = r->headers; h; h = h->next)
		MHD_add_response_header(resp, h->name, h->value);
	enum MHD_Result ret =
	    MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 500), resp);

	MHD_destroy_response(resp);
	(void)s;
	return ret;
}

/* File uploads come as multipart/form-data and may be far larger than any JSON body, so
 * they have their own cap; every other body keeps the small one. */
static size_t body_cap(struct server *s, struct MHD_Connection *conn)
{
	static const char mp[] = "multipart/form-data";
	const char *ct =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);

	if (s->max_upload && mediatype_is(ct, mp))
		return s->max_upload;
	return s->max_body;
}

/* The request line's target is checked as the client sent it, before libmicrohttpd
 * decodes it (router_target_ok).  The value returned becomes the request's first *con_cls:
 * bad_target marks a target to refuse (no allocation here, so nothing leaks should the
 * request never reach on_request). */
static char bad_target;

static void *on_target(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	return router_target_ok(uri) ? NULL : &bad_target;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Sets the deadline of conn's connection: from now, or none. */
static void deadline_set(struct server *s, struct MHD_Connection *conn, bool from_now)
{
	const union MHD_ConnectionInfo *ci;

	if (!s->deadline_ms)
		return;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (!ci || !ci->socket_context)
		return;
	struct conn_watch *w = ci->socket_context;

	pthread_mutex_lock(&s->watch_lock);
	w->deadline = from_now ? now_ms() + s->deadline_ms : 0;
	pthread_mutex_unlock(&s->watch_lock);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	struct conn_watch *w = *socket_context;

	if (!s->deadline_ms)
		return;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		w = calloc(1, sizeof(*w));
		if (!w || !ci) {
			free(w);
			return;
		}
		w->fd = ci->connect_fd;
		w->deadline = now_ms() + s->deadline_ms; /* the first request starts now */
		pthread_mutex_lock(&s->watch_lock);
		w->next = s->watched;
		if (s->watched)
			s->watched->prev = w;
		s->watched = w;
		pthread_mutex_unlock(&s->watch_lock);
		*socket_context = w;
		return;
	}
	if (!w)
		return;
	/* Unlinked before libmicrohttpd closes the socket, so the watchdog never shuts down
	 * a descriptor that has been reused. */
	pthread_mutex_lock(&s->watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		s->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&s->watch_lock);
	free(w);
	*socket_context = NULL;
}

static void *watchdog_main(void *arg)
{
	struct server *s = arg;

	pthread_mutex_lock(&s->watch_lock);
	while (!s->watchdog_stopping) {
		int64_t now = now_ms();
		struct timespec until;

		for (struct conn_watch *w = s->watched; w; w = w->next)
			if (w->deadline && now > w->deadline) {
				shutdown(w->fd, SHUT_RDWR);
				w->deadline = 0;
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&s->watch_stop, &s->watch_lock, &until);
	}
	pthread_mutex_unlock(&s->watch_lock);
	return NULL;
}

/* Takes n bytes of the memory budget for bodies; false (nothing taken) when it is spent. */
static bool body_mem_take(struct server *s, size_t n)
{
	size_t used = atomic_load(&s->body_mem);

	do {
		if (used + n > BODY_MEM_ALL)
			return false;
	} while (!atomic_compare_exchange_weak(&s->body_mem, &used, used + n));
	return true;
}

/* An unnamed file in the spool directory: it has no name to leave behind, whatever
 * happens to the process.  -1 when none can be made. */
static int spool_open(struct server *s)
{
	const char *dir = s->spool_dir ? s->spool_dir : "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0) { /* a file system without O_TMPFILE: a name, removed at once */
		char path[4096];

		snprintf(path, sizeof(path), "%s/.ticketd-body-XXXXXX", dir);
		fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
	}
	if (fd < 0)
		log_warn("http: cannot make a spool file in %s: %s", dir, strerror(errno));
	return fd;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Appends a piece of the body: to memory while it fits (the request's share and the
 * server's budget), else to the spool file, moving what memory held there first.  false
 * when the body passes its cap or cannot be kept (the request is then refused). */
static bool body_add(struct server *s, struct request *r, const char *p, size_t n)
{
	if (r->body.len + r->spool_len + n > r->body_cap) {
		r->body_too_large = true;
		return false;
	}
	if (r->spool_fd < 0) {
		if (r->body.len + n <= BODY_MEM_EACH && body_mem_take(s, n)) {
			if (strbuf_add(&r->body, p, n)) { /* cannot happen: checked above */
				atomic_fetch_sub(&s->body_mem, n);
				return false;
			}
			r->body_mem += n;
			return true;
		}
		r->spool_fd = spool_open(s);
		if (r->spool_fd < 0 || !write_all(r->spool_fd, r->body.buf, r->body.len))
			return false;
		r->spool_len = r->body.len;
		strbuf_release(&r->body);
		atomic_fetch_sub(&s->body_mem, r->body_mem);
		r->body_mem = 0;
	}
	if (!write_all(r->spool_fd, p, n))
		return false;
	r->spool_len += n;
	return true;
}

/* Makes the whole body readable at r->body_data: memory, or the spool file mapped. */
static bool body_finish(struct request *r)
{
	if (r->spool_fd < 0 || !r->spool_len) {
		r->body_data = r->body.buf;
		r->body_len = r->body.len;
		return true;
	}
	void *m = mmap(NULL, r->spool_len, PROT_READ, MAP_PRIVATE, r->spool_fd, 0);

	if (m == MAP_FAILED)
		return false;
	r->spool_map = m;
	r->body_data = m;
	r->body_len = r->spool_len;
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct request *r = *con_cls;
	bool refuse_target = r == (void *)&bad_target;

	(void)version;
	if (refuse_target)
		r = NULL;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		arena_init(&r->arena);
		r->started_ns = now_ns();
		r->body_cap = body_cap(s, conn);
		strbuf_init(&r->body, r->body_cap);
		r->spool_fd = -1;
		r->body_data = r->body.buf;
		err_clear(&r->err);
		r->conn = conn;
		r->method = method;
		r->path = url;
		r->app = s->app;
		client_address(r);
		atomic_fetch_add(&s->in_flight, 1);
		*con_cls = r;
		if (refuse_target)
			err_set(&r->err, ERR_BAD_REQUEST, NULL,
				"the path holds an encoded NUL or control character");

		/* The caller first: nothing of a body is read for one who may not send it. */
		if (!refuse_target && s->admit && !only_reads(method) && !s->admit(r))
			return send_reply(s, r);

		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			unsigned long long n = strtoull(cl, &end, 10);

			if (*end == '\0' && n > r->body_cap) {
				/* Refused before the body is read: the connection closes after. */
				r->body_too_large = true;
				err_set(&r->err, ERR_TOO_LARGE, NULL,
					"the request body is larger than %zu bytes", r->body_cap);
				s->handler(r);
				return send_reply(s, r);
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->body_too_large && !r->err.code &&
		    !body_add(s, r, upload_data, *upload_data_size) && !r->body_too_large)
			err_set(
			    &r->err, ERR_UNAVAILABLE, NULL,
			    "the request body could not be kept; nothing was changed, try again");
		*upload_data_size = 0;
		return MHD_YES;
	}
	deadline_set(s, conn, false); /* the request is in: no deadline while it is handled */
	if (r->handled) {	      /* resumed: a write thread has the reply ready */
		r->handled = false;
		return send_reply(s, r);
	}
	if (r->status)
		return MHD_YES; /* already answered */
	if (r->body_too_large)
		err_set(&r->err, ERR_TOO_LARGE, NULL, "the request body is larger than %zu bytes",
			r->body_cap);
	else if (!r->err.code && !body_finish(r))
		err_set(&r->err, ERR_UNAVAILABLE, NULL,
			"the request body could not be read back; nothing was changed, try again");
	if (s->nwriters && !r->body_too_large && !only_reads(method) && enqueue(s, r))
		return MHD_YES;
	s->handler(r);
	return send_reply(s, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *r = *con_cls;

	(void)toe;
	deadline_set(s, conn, true); /* the next request on this connection starts now */
	if (!r || r == (void *)&bad_target)
		return;
	if (s->completed)
		s->completed(r, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	if (r->has_stream)
		stream_release(&r->stream);
	arena_free(&r->arena);
	strbuf_release(&r->body);
	atomic_fetch_sub(&s->body_mem, r->body_mem);
	if (r->spool_map)
		munmap(r->spool_map, r->spool_len);
	if (r->spool_fd >= 0)
		close(r->spool_fd);
	free(r->resp_body);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_warn("http: %s", line);
}

static void server_free(struct server *s)
{
	if (s->watchdog_on) {
		pthread_mutex_lock(&s->watch_lock);
		s->watchdog_stopping = true;
		pthread_cond_signal(&s->watch_stop);
		pthread_mutex_unlock(&s->watch_lock);
		pthread_join(s->watchdog, NULL);
	}
	pthread_cond_destroy(&s->watch_stop);
	pthread_mutex_destroy(&s->watch_lock);
	pthread_cond_destroy(&s->queued);
	pthread_mutex_destroy(&s->queue_lock);
	free(s->writers);
	free(s);
}

struct server *server_start(const struct server_config *cfg, request_handler handler, void *app)
{
	struct server *s = calloc(1, sizeof(*s));
	struct sockaddr_in addr = {0};
	unsigned threads = cfg->threads;

	if (!s)
		abort();
	s->handler = handler;
	s->app = app;
	s->max_body = cfg->max_body;
	s->max_upload = cfg->max_upload;
	s->admit = cfg->admit;
	s->completed = cfg->completed;
	s->spool_dir = cfg->spool_dir;
	s->deadline_ms = (int64_t)cfg->request_deadline * 1000;
	pthread_mutex_init(&s->watch_lock, NULL);
	pthread_cond_init(&s->watch_stop, NULL);
	pthread_mutex_init(&s->queue_lock, NULL);
	pthread_cond_init(&s->queued, NULL);
	if (!threads)
		threads = (unsigned)cores_online();
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->bind ? cfg->bind : "127.0.0.1", &addr.sin_addr) != 1) {
		log_error("http: bad bind address %s", cfg->bind);
		server_free(s);
		return NULL;
	}
	if (s->deadline_ms && pthread_create(&s->watchdog, NULL, watchdog_main, s) == 0)
		s->watchdog_on = true;
	else if (s->deadline_ms)
		log_warn("http: no watchdog thread: requests have no deadline");
	s->tail = &s->head;
	unsigned writers =
	    cfg->write_threads ? cfg->write_threads : (4 * threads < 32 ? 4 * threads : 32);

	s->writers = calloc(writers, sizeof(*s->writers));
	if (!s->writers)
		abort();
	while (s->nwriters < writers &&
	       pthread_create(&s->writers[s->nwriters], NULL, writer_main, s) == 0)
		s->nwriters++;
	if (!s->nwriters)
		log_warn("http: no write thread could be started; every request runs inline");
	/* poll(), not epoll: libmicrohttpd 0.9.75's MHD_quiesce_daemon (at SIGTERM) and an epoll
	 * worker thread can both take the listening socket out of the worker's epoll set, and
	 * the loser aborts the process ("Failed to remove listen FD from epoll set"); with
	 * poll() quiescing is a message to each worker.  The CPU per request was the same
	 * (bench/run.sh's reads). */
	s->daemon = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_TURBO |
		MHD_ALLOW_SUSPEND_RESUME |
		MHD_USE_ITC, /* for MHD_quiesce_daemon at SIGTERM and resuming */
	    (uint16_t)cfg->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log,
	    NULL, MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&addr, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	    MHD_OPTION_URI_LOG_CALLBACK, on_target, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection,
	    s, MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->max_per_address,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)1000, MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (!s->daemon) {
		log_error("http: cannot listen on %s:%d", cfg->bind ? cfg->bind : "127.0.0.1",
			  cfg->port);
		writers_stop(s, false);
		server_free(s);
		return NULL;
	}
	return s;
}

int server_port(struct server *s)
{
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);

	return di ? di->port : 0;
}

/* Waits up to ms for the requests in flight to finish; whether they did. */
static bool wait_idle(struct server *s, int ms)
{
	struct timespec tick = {0, 10 * 1000 * 1000};

	for (int waited = 0; atomic_load(&s->in_flight) > 0; waited += 10) {
		if (waited >= ms)
			return false;
		nanosleep(&tick, NULL);
	}
	return true;
}

void server_stop(struct server *s, int drain_ms)
{
	if (!s)
		return;
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	bool drained = wait_idle(s, drain_ms);

	/* No connection may be suspended when the daemon stops (libmicrohttpd), so every queued
	 * request is resumed first: answered as usual while the drain time lasts, or, once it
	 * is over, with 503 and nothing changed.  A request arriving from now on (on a
	 * kept-alive connection) is handled on its connection's thread.  Then the replies get a
	 * moment to go out. */
	writers_stop(s, !drained);
	wait_idle(s, 1000);
	MHD_stop_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	server_free(s);
}

const char *req_query(struct request *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *req_header(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

void req_add_header(struct request *r, const char *name, const char *value)
{
	struct resp_header *h = arena_alloc(&r->arena, sizeof(*h));

	h->name = arena_strdup(&r->arena, name);
	h->value = arena_strdup(&r->arena, value);
	h->next = r->headers;
	r->headers = h;
}
