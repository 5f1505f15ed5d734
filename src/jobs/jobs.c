/* The jobs thread; see jobs.h.  Each run gets its own arena and error, and acts as the
 * system (no user).  A failed run is logged and tried again at the next tick. */
#include "jobs.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "../base/log.h"
#include "../service/service.h"
#include "../service/idempotency.h"
#include "../service/integration.h"
#include "../service/webhook.h"
#include "../service/whatsapp.h"
#include "../base/banned.h"

struct jobs {
	struct store *store;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
	int sweep_seconds, deliver_seconds;
};

static void run_sweep(struct jobs *j)
{
	struct arena a;
	struct error e;
	struct sla_sweep_result sweep;

	arena_init(&a);
	err_clear(&e);
	struct ctx c = {j->store, &a, NULL, &e};

	int closed = 0;

	if (!svc_connect(j->store))
		log_error("jobs: sweep skipped: the database is unavailable");
	else if (svc_sla_sweep(&c, 0, &sweep) || svc_ticket_auto_close(&c, &closed))
		log_error("jobs: sweep failed: %s", e.message);
	else if (sweep.escalated || sweep.warned || closed)
		log_info("jobs: sweep escalated %d, warned %d, closed %d", sweep.escalated,
			 sweep.warned, closed);
	int keys = 0; /* Idempotency-Keys past their day (service/idempotency.h) */

	if (svc_connect(j->store) && svc_idempotency_sweep(&c, &keys))
		log_error("jobs: the sweep of idempotency keys failed: %s", e.message);
	svc_release(j->store);
	arena_free(&a);
}

/* Postings to Zoho Books and WooCommerce (issue 15), after the emails, in a run of their
 * own: one system's slowness does not hold the other's delivery. */
static void run_postings(struct jobs *j)
{
	struct arena a;
	struct error e;
	int posted, failed;

	arena_init(&a);
	err_clear(&e);
	struct ctx c = {j->store, &a, NULL, &e};

	if (!svc_connect(j->store))
		log_error("jobs: postings skipped: the database is unavailable");
	else if (svc_postings_deliver(&c, &posted, &failed))
		log_error("jobs: postings failed: %s", e.message);
	else if (posted || failed)
		log_info("jobs: postings posted %d, given up %d", posted, failed);
	svc_release(j->store);
	arena_free(&a);
}

static void run_delivery(struct jobs *j)
{
	struct arena a;
	struct error e;
	int sent, failed;

	arena_init(&a);
	err_clear(&e);
	struct ctx c = {j->store, &a, NULL, &e};

	bool connected = svc_connect(j->store);

	if (!connected)
		log_error("jobs: email delivery skipped: the database is unavailable");
	else if (svc_outbox_deliver(&c, &sent, &failed))
		log_error("jobs: email delivery failed: %s", e.message);
	else if (sent || failed)
		log_info("jobs: emails sent %d, given up %d", sent, failed);
	err_clear(&e);
	sent = failed = 0;
	if (connected && svc_webhooks_deliver(&c, &sent, &failed)) /* webhook.h */
		log_error("jobs: webhook delivery failed: %s", e.message);
	else if (sent || failed)
		log_info("jobs: webhooks delivered %d, given up %d", sent, failed);
	err_clear(&e);
	struct whatsapp_work ww;

	if (connected && svc_whatsapp_work(&c, &ww))
		log_error("jobs: WhatsApp work failed: %s", e.message);
	svc_release(j->store);
	arena_free(&a);
	run_postings(j);
}

static void *jobs_main(void *arg)
{
	struct jobs *j = arg;
	time_t next_sweep = 0, next_delivery = 0; /* both run at start-up */

	for (;;) {
		time_t now = time(NULL);

		if (now >= next_sweep) {
			run_sweep(j);
			next_sweep = now + j->sweep_seconds;
		}
		if (now >= next_delivery) {
			run_delivery(j);
			next_delivery = now + j->deliver_seconds;
		}
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += next_delivery < next_sweep ? next_delivery - now : next_sweep - now;
		pthread_mutex_lock(&j->lock);
		while (!j->stopping &&
		       pthread_cond_timedwait(&j->wake, &j->lock, &until) != ETIMEDOUT)
			;
		bool stop = j->stopping;

		pthread_mutex_unlock(&j->lock);
		if (stop)
			break;
	}
	return NULL;
}

struct jobs *jobs_start(struct store *s, int sweep_seconds, int deliver_seconds)
{
	struct jobs *j = calloc(1, sizeof(*j));

	if (!j)
		abort();
	j->store = s;
	j->sweep_seconds = sweep_seconds > 0 ? sweep_seconds : 60;
	j->deliver_seconds = deliver_seconds > 0 ? deliver_seconds : 5;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->wake, NULL);
	if (pthread_create(&j->thread, NULL, jobs_main, j) != 0) {
		log_error("jobs: cannot start the jobs thread");
		pthread_cond_destroy(&j->wake);
		pthread_mutex_destroy(&j->lock);
		free(j);
		return NULL;
	}
	return j;
}

void jobs_stop(struct jobs *j)
{
	if (!j)
		return;
	pthread_mutex_lock(&j->lock);
	j->stopping = true;
	pthread_cond_signal(&j->wake);
	pthread_mutex_unlock(&j->lock);
	pthread_join(j->thread, NULL);
	pthread_cond_destroy(&j->wake);
	pthread_mutex_destroy(&j->lock);
	free(j);
}
