/* ticketd: the command line.  `ticketd serve` runs the server; the other commands work on
 * the data directory directly (migrate, user add, token create, import). */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/cores.h"
#include "base/log.h"
#include "base/timefmt.h"
#include "http/static.h"
#include "jobs/jobs.h"
#include "service/evidence.h"
#include "service/service.h"
#include "base/banned.h"

struct options {
	const char *data;
	const char *database; /* --database: NULL for SQLite in the data directory */
	const char *bind;
	const char *timezone;
	const char *web;
	int port;
	unsigned threads, write_threads;
	unsigned db_pool; /* PostgreSQL connections lent at once; 0: one per thread */
	size_t max_body;
	size_t max_file, max_upload; /* bytes of an uploaded file, of a multipart request */
	unsigned max_per_address, request_deadline; /* connections, seconds (0: no limit) */
	bool demo;
	bool test_clock;
	bool secure_cookies;
	/* user add / token create / import */
	const char *email, *name, *role;
	const char *print_sql;
	const char *files;			   /* --files URL; NULL: dir:DATA */
	const char *metrics_token, *metrics_allow; /* who may read GET /metrics */
	const char *log_format;			   /* text or json */
	const char *scope, *kinds;		   /* token create */
	int expires_days;			   /* token create; 0: never */
	bool access_log;
};

/* The file store of `serve` (the other commands touch no files). */
static struct files *files;

static const char usage[] =
    "usage: ticketd COMMAND [OPTIONS]\n"
    "\n"
    "Ticket management for a fresh-produce marketplace: B2B, B2C and internal tickets.\n"
    "\n"
    "commands (each takes --data DIR and --database URL):\n"
    "  serve [--port N] [--bind ADDR] [--data DIR] [--demo] [--test-clock]\n"
    "        [--threads N] [--write-threads N] [--max-body BYTES] [--timezone ZONE]\n"
    "        [--secure-cookies] [--web DIR] [--max-file BYTES] [--max-upload BYTES]\n"
    "        [--db-pool N]\n"
    "        [--files dir:PATH | --files s3://BUCKET[/PREFIX]?endpoint=URL&region=R]\n"
    "        [--max-connections-per-address N] [--request-deadline SECONDS]\n"
    "        [--metrics-token TOKEN] [--metrics-allow ADDR[/BITS],...]\n"
    "        [--log-format text|json] [--access-log]\n"
    "                        migrate, then serve the JSON API (and the web UI)\n"
    "  migrate [--data DIR] [--print-sql sqlite|postgresql]\n"
    "                        apply pending migrations, or print them for an engine\n"
    "  user add --email E --name N --role R [--data DIR]\n"
    "                        add a user; the password is read from standard input\n"
    "  token create --email E [--name LABEL] [--scope read|write] [--kinds b2b,b2c,internal]\n"
    "               [--expires DAYS] [--data DIR]\n"
    "                        create an API token for a user and print it once\n"
    "  import customers|orders|invoices|farms|batches FILE.csv [--data DIR]\n"
    "                        upsert ERP records from CSV, all or nothing\n"
    "  backup FILE [--data DIR] [--files URL]\n"
    "                        copy the SQLite database (while it is served) into FILE and\n"
    "                        its attachments into FILE.files/ (PostgreSQL: use pg_dump)\n"
    "\n"
    "Every option can also be set in the environment: TICKETD_PORT, TICKETD_BIND,\n"
    "TICKETD_DATA, TICKETD_DEMO=1, TICKETD_TEST_CLOCK=1, TICKETD_THREADS,\n"
    "TICKETD_WRITE_THREADS, TICKETD_MAX_BODY, TICKETD_MAX_FILE, TICKETD_MAX_UPLOAD,\n"
    "TICKETD_TIMEZONE, TICKETD_SECURE_COOKIES=1, TICKETD_WEB, TICKETD_DATABASE,\n"
    "TICKETD_MAX_CONNECTIONS_PER_ADDRESS, TICKETD_REQUEST_DEADLINE,\n"
    "TICKETD_DB_POOL (PostgreSQL connections lent at once; default one per thread),\n"
    "TICKETD_METRICS_TOKEN, TICKETD_METRICS_ALLOW, TICKETD_LOG_FORMAT, TICKETD_ACCESS_LOG=1.\n"
    "GET /metrics (Prometheus) answers the bearer token --metrics-token (16+ characters)\n"
    "or the client addresses and networks of --metrics-allow (127.0.0.1,10.0.0.0/8); with\n"
    "neither, nobody.  --log-format json writes each log line as a JSON object;\n"
    "--access-log adds a line per answered request.\n"
    "--database: sqlite:PATH (default: DATA/ticketd.db), or PostgreSQL as a libpq\n"
    "connection string or postgresql:// URL (add pgbouncer=true behind a pooler in\n"
    "transaction mode).  Defaults: port 8080, bind 127.0.0.1, data ./var, threads one per core "
    "(reads),\n"
    "write threads 16 on SQLite, 32 on PostgreSQL (every other request), time zone Asia/Kolkata,\n"
    "max body 1048576 (JSON),\n"
    "max file 10485760, max upload 52428800 (a multipart/form-data request),\n"
    "64 connections per client address, 120 s for a request's headers and body,\n"
    "web UI from ./web/dist (when it holds a built index.html).\n"
    "\n"
    "Files (photos, documents) go to --files / TICKETD_FILES: dir:PATH (default: the data\n"
    "directory) or S3-compatible storage, s3://BUCKET?endpoint=http://HOST:PORT&region=R\n"
    "(path style; style=virtual for BUCKET.HOST; no endpoint: AWS in virtual style), keys\n"
    "from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.\n";

static const char *env(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

static bool env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

static bool parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;

	errno = 0;
	long long v = strtoll(s, &end, 10);

	if (errno || *end || end == s || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int bad_option(const char *what, const char *value)
{
	fprintf(stderr, "ticketd: bad %s '%s'\n%s", what, value, usage);
	return 2;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
	    {"port", required_argument, NULL, 'p'},
	    {"bind", required_argument, NULL, 'b'},
	    {"data", required_argument, NULL, 'd'},
	    {"database", required_argument, NULL, 'B'},
	    {"db-pool", required_argument, NULL, 'O'},
	    {"demo", no_argument, NULL, 'D'},
	    {"test-clock", no_argument, NULL, 'T'},
	    {"threads", required_argument, NULL, 't'},
	    {"write-threads", required_argument, NULL, 'W'},
	    {"max-body", required_argument, NULL, 'm'},
	    {"timezone", required_argument, NULL, 'z'},
	    {"secure-cookies", no_argument, NULL, 'S'},
	    {"web", required_argument, NULL, 'w'},
	    {"email", required_argument, NULL, 'e'},
	    {"name", required_argument, NULL, 'n'},
	    {"role", required_argument, NULL, 'r'},
	    {"print-sql", required_argument, NULL, 'P'},
	    {"max-file", required_argument, NULL, 'F'},
	    {"max-upload", required_argument, NULL, 'U'},
	    {"files", required_argument, NULL, 'f'},
	    {"max-connections-per-address", required_argument, NULL, 'A'},
	    {"request-deadline", required_argument, NULL, 'R'},
	    {"metrics-token", required_argument, NULL, 'M'},
	    {"metrics-allow", required_argument, NULL, 'L'},
	    {"log-format", required_argument, NULL, 'G'},
	    {"access-log", no_argument, NULL, 'a'},
	    {"scope", required_argument, NULL, 's'},
	    {"kinds", required_argument, NULL, 'k'},
	    {"expires", required_argument, NULL, 'x'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	long long v;
	int c;

	o->data = env("TICKETD_DATA", "var");
	o->database = env("TICKETD_DATABASE", NULL);
	o->bind = env("TICKETD_BIND", "127.0.0.1");
	o->timezone = env("TICKETD_TIMEZONE", "Asia/Kolkata");
	o->web = env("TICKETD_WEB", "web/dist");
	o->files = env("TICKETD_FILES", NULL);
	o->metrics_token = env("TICKETD_METRICS_TOKEN", NULL);
	o->metrics_allow = env("TICKETD_METRICS_ALLOW", NULL);
	o->log_format = env("TICKETD_LOG_FORMAT", "text");
	o->access_log = env_flag("TICKETD_ACCESS_LOG");
	o->demo = env_flag("TICKETD_DEMO");
	o->test_clock = env_flag("TICKETD_TEST_CLOCK");
	o->secure_cookies = env_flag("TICKETD_SECURE_COOKIES");
	o->port = 8080;
	o->max_body = 1 << 20;
	if (!parse_num(env("TICKETD_PORT", "8080"), 0, 65535, &v))
		return bad_option("TICKETD_PORT", env("TICKETD_PORT", ""));
	o->port = (int)v;
	if (!parse_num(env("TICKETD_THREADS", "0"), 0, 64, &v))
		return bad_option("TICKETD_THREADS", env("TICKETD_THREADS", ""));
	o->threads = (unsigned)v;
	if (!parse_num(env("TICKETD_WRITE_THREADS", "0"), 0, 256, &v))
		return bad_option("TICKETD_WRITE_THREADS", env("TICKETD_WRITE_THREADS", ""));
	o->write_threads = (unsigned)v;
	if (!parse_num(env("TICKETD_DB_POOL", "0"), 0, 300, &v))
		return bad_option("TICKETD_DB_POOL", env("TICKETD_DB_POOL", ""));
	o->db_pool = (unsigned)v;
	if (!parse_num(env("TICKETD_MAX_BODY", "1048576"), 1024, 1LL << 30, &v))
		return bad_option("TICKETD_MAX_BODY", env("TICKETD_MAX_BODY", ""));
	o->max_body = (size_t)v;
	if (!parse_num(env("TICKETD_MAX_FILE", "10485760"), 1024, 1LL << 30, &v))
		return bad_option("TICKETD_MAX_FILE", env("TICKETD_MAX_FILE", ""));
	o->max_file = (size_t)v;
	if (!parse_num(env("TICKETD_MAX_UPLOAD", "52428800"), 1024, 1LL << 31, &v))
		return bad_option("TICKETD_MAX_UPLOAD", env("TICKETD_MAX_UPLOAD", ""));
	o->max_upload = (size_t)v;
	if (!parse_num(env("TICKETD_MAX_CONNECTIONS_PER_ADDRESS", "64"), 0, 100000, &v))
		return bad_option("TICKETD_MAX_CONNECTIONS_PER_ADDRESS",
				  env("TICKETD_MAX_CONNECTIONS_PER_ADDRESS", ""));
	o->max_per_address = (unsigned)v;
	if (!parse_num(env("TICKETD_REQUEST_DEADLINE", "120"), 0, 86400, &v))
		return bad_option("TICKETD_REQUEST_DEADLINE", env("TICKETD_REQUEST_DEADLINE", ""));
	o->request_deadline = (unsigned)v;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!parse_num(optarg, 0, 65535, &v))
				return bad_option("port", optarg);
			o->port = (int)v;
			break;
		case 'b':
			o->bind = optarg;
			break;
		case 'd':
			o->data = optarg;
			break;
		case 'B':
			o->database = optarg;
			break;
		case 'D':
			o->demo = true;
			break;
		case 'T':
			o->test_clock = true;
			break;
		case 't':
			if (!parse_num(optarg, 0, 64, &v))
				return bad_option("thread count", optarg);
			o->threads = (unsigned)v;
			break;
		case 'W':
			if (!parse_num(optarg, 0, 256, &v))
				return bad_option("write thread count", optarg);
			o->write_threads = (unsigned)v;
			break;
		case 'O':
			if (!parse_num(optarg, 0, 300, &v))
				return bad_option("database pool size", optarg);
			o->db_pool = (unsigned)v;
			break;
		case 'm':
			if (!parse_num(optarg, 1024, 1LL << 30, &v))
				return bad_option("max body", optarg);
			o->max_body = (size_t)v;
			break;
		case 'F':
			if (!parse_num(optarg, 1024, 1LL << 30, &v))
				return bad_option("max file", optarg);
			o->max_file = (size_t)v;
			break;
		case 'A':
			if (!parse_num(optarg, 0, 100000, &v))
				return bad_option("max connections per address", optarg);
			o->max_per_address = (unsigned)v;
			break;
		case 'R':
			if (!parse_num(optarg, 0, 86400, &v))
				return bad_option("request deadline", optarg);
			o->request_deadline = (unsigned)v;
			break;
		case 'U':
			if (!parse_num(optarg, 1024, 1LL << 31, &v))
				return bad_option("max upload", optarg);
			o->max_upload = (size_t)v;
			break;
		case 'z':
			o->timezone = optarg;
			break;
		case 'S':
			o->secure_cookies = true;
			break;
		case 'w':
			o->web = optarg;
			break;
		case 'f':
			o->files = optarg;
			break;
		case 'M':
			o->metrics_token = optarg;
			break;
		case 'L':
			o->metrics_allow = optarg;
			break;
		case 'G':
			o->log_format = optarg;
			break;
		case 'a':
			o->access_log = true;
			break;
		case 's':
			o->scope = optarg;
			break;
		case 'k':
			o->kinds = optarg;
			break;
		case 'x':
			if (!parse_num(optarg, 1, 3650, &v))
				return bad_option("expiry in days (1 to 3650)", optarg);
			o->expires_days = (int)v;
			break;
		case 'e':
			o->email = optarg;
			break;
		case 'n':
			o->name = optarg;
			break;
		case 'r':
			o->role = optarg;
			break;
		case 'P':
			o->print_sql = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (log_format_from_name(o->log_format) < 0)
		return bad_option("log format (text or json)", o->log_format);
	log_set_format((enum log_format)log_format_from_name(o->log_format));
	if (o->metrics_token && strlen(o->metrics_token) < 16) {
		fprintf(stderr, "ticketd: the metrics token must have at least 16 characters\n");
		return 2;
	}
	if (!tz_set(o->timezone)) {
		fprintf(stderr, "ticketd: unknown time zone '%s'\n", o->timezone);
		return 2;
	}
	return 0;
}

/* Opens and migrates the store; prints the reason and returns NULL on failure. */
static struct store *open_store(const struct options *o)
{
	struct store *s;
	struct error e;
	int applied;

	err_clear(&e);
	if (store_open(o->database, o->data, &s, &e) || store_migrate(s, &applied, &e)) {
		fprintf(stderr, "ticketd: %s\n", e.message);
		store_close(s);
		return NULL;
	}
	return s;
}

static int cmd_migrate(const struct options *o)
{
	if (o->print_sql) {
		struct strbuf sb;

		strbuf_init(&sb, 0);
		if (!strcmp(o->print_sql, "postgresql"))
			store_migration_script(DIALECT_POSTGRES, &sb);
		else if (!strcmp(o->print_sql, "sqlite"))
			store_migration_script(DIALECT_SQLITE, &sb);
		else
			return bad_option("engine (sqlite or postgresql)", o->print_sql);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
		return 0;
	}
	struct store *s = open_store(o);

	if (!s)
		return 1;
	printf("schema version %d\n", store_schema_version(s));
	store_close(s);
	return 0;
}

static char *read_password(void)
{
	char buf[1024];

	if (isatty(STDIN_FILENO))
		fputs("password: ", stderr);
	if (!fgets(buf, sizeof(buf), stdin))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return strdup(buf);
}

static int cmd_user_add(const struct options *o)
{
	struct arena a;
	struct error e;
	struct store *s;
	int64_t id;
	int rc = 1;

	if (!o->email || !o->name || !o->role) {
		fprintf(stderr, "ticketd: user add needs --email, --name and --role\n");
		return 2;
	}
	char *password = read_password();

	if (!password) {
		fprintf(stderr, "ticketd: no password on standard input\n");
		return 2;
	}
	s = open_store(o);
	if (!s) {
		sodium_memzero(password, strlen(password));
		free(password);
		return 1;
	}
	arena_init(&a);
	err_clear(&e);
	struct ctx c = {s, &a, NULL, &e};

	if (svc_user_add(&c, o->email, o->name, o->role, password, &id))
		fprintf(stderr, "ticketd: %s\n", e.message);
	else {
		printf("user %lld added: %s (%s)\n", (long long)id, o->email, o->role);
		rc = 0;
	}
	sodium_memzero(password, strlen(password));
	free(password);
	arena_free(&a);
	store_close(s);
	return rc;
}

static int cmd_token_create(const struct options *o)
{
	struct arena a;
	struct error e;
	const char *token;
	int rc = 1;

	if (!o->email) {
		fprintf(stderr, "ticketd: token create needs --email\n");
		return 2;
	}
	struct store *s = open_store(o);

	if (!s)
		return 1;
	arena_init(&a);
	err_clear(&e);
	struct ctx c = {s, &a, NULL, &e};

	unsigned kinds = 0;
	struct api_token info;

	for (const char *p = o->kinds; p && *p;) {
		size_t n = strcspn(p, ",");
		char name[16] = "";
		int k = -1;

		if (n < sizeof(name)) {
			memcpy(name, p, n);
			k = kind_from_name(name);
		}
		if (k < 0) {
			arena_free(&a);
			store_close(s);
			return bad_option("kinds (b2b,b2c,internal)", o->kinds);
		}
		kinds |= 1u << k;
		p += n + (p[n] == ',');
	}
	if (svc_token_create(&c, o->email, o->name, o->scope ? o->scope : "write", kinds,
			     o->expires_days ? clock_now() + (int64_t)o->expires_days * 86400 : 0,
			     &token, &info))
		fprintf(stderr, "ticketd: %s\n", e.message);
	else {
		printf("%s\n", token);
		rc = 0;
	}
	arena_free(&a);
	store_close(s);
	return rc;
}

/* ticketd backup FILE: see svc_backup.  Safe while a server runs on the same data. */
static int cmd_backup(const struct options *o, const char *file)
{
	struct arena a;
	struct error e;
	int copied, missing, rc = 1;

	if (!file) {
		fprintf(stderr,
			"ticketd: backup FILE [--data DIR] [--database URL] [--files URL]\n");
		return 2;
	}
	err_clear(&e);
	if (files_open(o->files, o->data, &files, &e)) {
		fprintf(stderr, "ticketd: %s\n", e.message);
		return 2;
	}
	svc_files_init(files, o->max_file);
	struct store *s = open_store(o);

	if (!s) {
		files_close(files);
		return 1;
	}
	arena_init(&a);
	struct ctx c = {s, &a, NULL, &e};

	if (svc_backup(&c, file, &copied, &missing))
		fprintf(stderr, "ticketd: %s\n", e.message);
	else {
		printf("backup: database in %s, %d files in %s.files", file, copied, file);
		if (missing)
			printf(" (%d named by attachments were not in the file store)", missing);
		printf("\n");
		rc = 0;
	}
	arena_free(&a);
	store_close(s);
	files_close(files);
	return rc;
}

static int cmd_import(const struct options *o, const char *what, const char *path)
{
	struct arena a;
	struct error e;
	struct strbuf text;
	int n = 0, rc = 1;
	FILE *f;

	if (!what || !path) {
		fprintf(stderr,
			"ticketd: import customers|orders|invoices|farms|batches FILE.csv\n");
		return 2;
	}
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "ticketd: cannot read %s: %s\n", path, strerror(errno));
		return 1;
	}
	strbuf_init(&text, 256u << 20);
	char buf[65536];
	size_t got;

	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		if (strbuf_add(&text, buf, got)) {
			fprintf(stderr, "ticketd: %s is larger than 256 MiB\n", path);
			fclose(f);
			strbuf_release(&text);
			return 1;
		}
	fclose(f);
	struct store *s = open_store(o);

	if (!s) {
		strbuf_release(&text);
		return 1;
	}
	arena_init(&a);
	err_clear(&e);
	struct ctx c = {s, &a, NULL, &e};

	if (svc_import_csv(&c, what, text.buf, text.len, &n))
		fprintf(stderr, "ticketd: %s: %s%s%s\n", path, e.message, e.field ? " at " : "",
			e.field ? e.field : "");
	else {
		printf("%d %s upserted\n", n, what);
		rc = 0;
	}
	arena_free(&a);
	strbuf_release(&text);
	store_close(s);
	return rc;
}

/* Says early what is wrong with the file store, and removes what a crash left in it.  A store
 * that fails the check does not stop the server: tickets without photos still work, and
 * uploads answer 503 with the reason until the store is fixed. */
static void check_files(struct store *s)
{
	struct arena a;
	struct error e;

	arena_init(&a);
	err_clear(&e);
	struct ctx c = {s, &a, NULL, &e};

	if (files_probe(files, &e))
		log_error("files: %s: %s; uploads and downloads fail until this is fixed",
			  files_describe(files), e.message);
	else
		log_info("files: %s", files_describe(files));
	int removed = svc_files_sweep(&c, EVIDENCE_SWEEP_GRACE_S);

	if (removed)
		log_info("files: removed %d left over from an earlier crash", removed);
	arena_free(&a);
}

/* The write threads when --write-threads is not given: each waits for its change's commit,
 * so as many changes as there are threads can go into one group commit (svc.c, at most 32).
 * On SQLite a group's commit waits for the disk (about 5 ms here), so the fuller the group the
 * more creates a sync carries, but each thread keeps a connection of its own: 16 (bench/run.sh:
 * creates 1,452/s, peak RSS 47.5 MiB; 32 threads: 1,559/s, 67.3 MiB; 8: 993 and 1,035/s in
 * a create run of their own against 1,879 and 1,961/s for 32).  On PostgreSQL the writers'
 * connection waits on the server's round trips and its fsync, not on ticketd's cores: 32 (8
 * threads 467 and 646/s, p99 489 and 165 ms; 32 threads 666 and 789/s, p99 108 and 117 ms).
 * Password hashes stay one per core (auth.c). */
static unsigned default_write_threads(struct store *s)
{
	return store_dialect(s) == DIALECT_SQLITE ? 16 : 32;
}

static int cmd_serve(const struct options *o)
{
	struct app app = {0};
	struct server_config cfg = {o->bind,	   o->port,    o->max_body,
				    o->max_upload, o->threads, o->write_threads};
	struct error app_err;
	sigset_t sigs;
	int sig;

	/* Signals go to this thread only: block them before any other thread starts. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* glibc gives each new thread that allocates a heap of its own, up to eight per core,
	 * and each keeps what it once held.  A dozen threads (reads, writes, jobs) sharing two
	 * per core peaked 3-5 MiB lower under the bench's loads, at the same speed. */
	if (!getenv("MALLOC_ARENA_MAX"))
		mallopt(M_ARENA_MAX, 2 * cores_online());

	if (o->test_clock)
		clock_enable_test();
	err_clear(&app_err);
	if (files_open(o->files, o->data, &files, &app_err)) {
		fprintf(stderr, "ticketd: %s\n", app_err.message);
		return 2;
	}
	svc_files_init(files, o->max_file);
	app.store = open_store(o);
	if (!app.store) {
		files_close(files);
		return 1;
	}
	/* PostgreSQL: by default as many connections as threads that may use one at once
	 * (reads, writes, the jobs), lent per request; --db-pool caps it lower. */
	unsigned reads = o->threads ? o->threads : (unsigned)cores_online();
	unsigned writes = o->write_threads ? o->write_threads : default_write_threads(app.store);

	cfg.write_threads = writes;
	store_pool_size(app.store, (int)(o->db_pool ? o->db_pool : reads + writes + 2));
	check_files(app.store);
	app.test_clock = o->test_clock;
	app.secure_cookies = o->secure_cookies;
	app.web_dir = o->web;
	app.metrics_token = o->metrics_token;
	app.access_log = o->access_log;
	if (o->metrics_allow) {
		char why[200];

		if (!api_metrics_allow(&app, o->metrics_allow, why, sizeof(why))) {
			fprintf(stderr, "ticketd: --metrics-allow: %s\n", why);
			free(app.metrics_allow);
			store_close(app.store);
			files_close(files);
			return 2;
		}
	}
	if (o->demo) {
		struct arena a;
		struct error e;
		bool loaded = false;

		arena_init(&a);
		err_clear(&e);
		struct ctx c = {app.store, &a, NULL, &e};

		if (svc_demo_load(&c, &loaded)) {
			fprintf(stderr, "ticketd: demo data: %s (%s)\n", e.message,
				e.field ? e.field : "");
			arena_free(&a);
			store_close(app.store);
			files_close(files);
			free(app.metrics_allow);
			return 1;
		}
		if (loaded)
			log_info("loaded the demo dataset");
		arena_free(&a);
	}
	/* The timed jobs run on their own thread, except under the test clock, where tests
	 * run them with POST /api/test/sweep. */
	store_release(app.store); /* the main thread's, lent for the start-up */
	if (!store_background(app.store))
		log_warn("store: checkpoints stay with the commits (no background thread)");
	struct jobs *jobs = o->test_clock ? NULL : jobs_start(app.store, 60, 5);
	cfg.max_per_address = o->max_per_address;
	cfg.request_deadline = o->request_deadline;
	cfg.admit = api_admit;
	cfg.completed = api_completed;
	cfg.spool_dir = o->data;
	struct server *srv = server_start(&cfg, api_handle, &app);

	if (!srv) {
		jobs_stop(jobs);
		store_close(app.store);
		files_close(files);
		free(app.metrics_allow);
		return 1;
	}
	printf("ticketd listening on http://%s:%d/\n",
	       !strcmp(o->bind, "0.0.0.0") || !strcmp(o->bind, "127.0.0.1") ? "localhost" : o->bind,
	       server_port(srv));
	if (!static_available(o->web))
		printf("web UI: not built (no %s/index.html); serving the API only\n", o->web);
	if (o->demo)
		printf("demo sign-in: agent@demo.test / demo-password "
		       "(also manager@, admin@, developer@, reporter@)\n");
	fflush(stdout);
	sigwait(&sigs, &sig);
	log_info("signal %d: draining requests and stopping", sig);
	server_stop(srv, 10000);
	jobs_stop(jobs);
	store_close(app.store);
	files_close(files);
	free(app.metrics_allow);
	log_info("stopped");
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	const char *cmd = argc > 1 ? argv[1] : NULL;
	int rc;

	if (sodium_init() < 0) {
		fputs("ticketd: libsodium failed to start\n", stderr);
		return 1;
	}
	if (!cmd || !strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, cmd ? stdout : stderr);
		return cmd ? 0 : 2;
	}
	/* Two-word commands shift by two, the others by one. */
	bool two = (!strcmp(cmd, "user") && argc > 2 && !strcmp(argv[2], "add")) ||
		   (!strcmp(cmd, "token") && argc > 2 && !strcmp(argv[2], "create"));
	int shift = two ? 2 : 1;
	const char *pos1 = NULL, *pos2 = NULL;

	if (!strcmp(cmd, "backup")) {
		/* ticketd backup FILE [options] */
		pos1 = argc > 2 && argv[2][0] != '-' ? argv[2] : NULL;
		shift = pos1 ? 2 : 1;
	}
	if (!strcmp(cmd, "import")) {
		/* ticketd import WHAT FILE [options] */
		pos1 = argc > 2 ? argv[2] : NULL;
		pos2 = argc > 3 ? argv[3] : NULL;
		shift = pos2 ? 3 : argc - 1;
	}
	rc = parse_options(argc - shift, argv + shift, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (optind < argc - shift) {
		fprintf(stderr, "ticketd: unexpected argument '%s'\n%s", argv[shift + optind],
			usage);
		return 2;
	}
	if (!strcmp(cmd, "serve"))
		return cmd_serve(&o);
	if (!strcmp(cmd, "migrate"))
		return cmd_migrate(&o);
	if (two && !strcmp(cmd, "user"))
		return cmd_user_add(&o);
	if (two && !strcmp(cmd, "token"))
		return cmd_token_create(&o);
	if (!strcmp(cmd, "import"))
		return cmd_import(&o, pos1, pos2);
	if (!strcmp(cmd, "backup"))
		return cmd_backup(&o, pos1);
	fprintf(stderr, "ticketd: unknown command '%s'\n%s", cmd, usage);
	return 2;
}
