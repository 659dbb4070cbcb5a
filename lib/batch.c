/*
 * libxoev - batch validation: many documents over one shared registry,
 * in parallel threads (one validator each), results reported in input
 * order whatever the number of threads.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define MAX_JOBS 256

typedef struct {
	xoev_diag_list *diags;
	xoev_verdict verdict;
	const xoev_bundle *bundle;
	const xoev_message_type *type;
	unsigned int layers;
	double seconds;
	int status;  /* the call's status */
	int done;    /* atomic: set by the worker when the slot is complete */
	char pad[8];  /* with the fields above: 64 bytes, one cache line per slot on x86-64 */
} slot;

typedef struct {
	const xoev_registry *reg;
	const xoev_validate_options *vopts;
	const char *const *paths;
	size_t count;
	slot *slots;
	xoev_uuid_set *seen;

	/* Workers take indexes with an atomic counter and mark slots done
	 * atomically; the lock and the condition are only used when the
	 * collector waits for the slot it must report next. */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t next;      /* atomic: next index to take */
	size_t waiting;   /* atomic: the slot the collector sleeps on, or (size_t)-1 */
	int stop;         /* atomic: the caller's callback asked to stop, or out of memory */

	xoev_progress_fn on_progress;
	void *progress_ctx;
} batch;

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void validate_slot(batch *bt, xoev_validator *v, size_t i)
{
	slot *s = &bt->slots[i];
	double start = now_seconds();
	int rc = xoev_diag_list_new(&s->diags);

	if (rc == XOEV_OK)
		rc = xoev_validate_file(v, bt->paths[i], s->diags, &s->verdict);
	s->status = rc;
	s->bundle = xoev_validator_last_bundle(v);
	s->type = xoev_validator_last_message_type(v);
	s->layers = xoev_validator_last_layers(v);
	s->seconds = now_seconds() - start;
}

static void *worker(void *arg)
{
	batch *bt = arg;
	xoev_validator *v = NULL;
	int rc = xoev_validator_new(&v, bt->reg, bt->vopts);

	if (rc == XOEV_OK)
		xoev_validator__share_uuids(v, bt->seen);
	for (;;) {
		size_t i;
		if (__atomic_load_n(&bt->stop, __ATOMIC_ACQUIRE))
			break;
		i = __atomic_fetch_add(&bt->next, 1, __ATOMIC_ACQ_REL);
		if (i >= bt->count)
			break;
		if (rc == XOEV_OK)
			validate_slot(bt, v, i);
		else
			bt->slots[i].status = rc;
		__atomic_store_n(&bt->slots[i].done, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&bt->waiting, __ATOMIC_SEQ_CST) == i) {
			pthread_mutex_lock(&bt->lock);
			pthread_cond_broadcast(&bt->changed);
			pthread_mutex_unlock(&bt->lock);
		}
	}
	xoev_validator_free(v);
	return NULL;
}

/* The collector: wait until slot i is complete. */
static void wait_for(batch *bt, size_t i)
{
	if (__atomic_load_n(&bt->slots[i].done, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&bt->lock);
	__atomic_store_n(&bt->waiting, i, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&bt->slots[i].done, __ATOMIC_SEQ_CST))
		pthread_cond_wait(&bt->changed, &bt->lock);
	__atomic_store_n(&bt->waiting, (size_t)-1, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&bt->lock);
}

/* Hand slot i to the report and the caller; frees its findings. */
static int emit(batch *bt, size_t i, xoev_report *report, const xoev_batch_options *bo)
{
	slot *s = &bt->slots[i];
	int rc = s->status;

	if (rc == XOEV_ESCHEMA) {
		/* the bundle does not compile: its findings say why */
		s->verdict = XOEV_VERDICT_IO_ERROR;
		rc = XOEV_OK;
	}
	if (rc == XOEV_OK)
		rc = xoev_report__add_owned(report, bt->paths[i], s->verdict, s->bundle, s->type,
		                            &s->diags);
	if (rc == XOEV_OK) {
		size_t at = xoev_report_count(report) - 1;
		xoev_report_set_layers(report, at, s->layers);
		xoev_report_set_duration(report, at, s->seconds);
	}
	if (rc == XOEV_OK && bo && bo->on_result && bo->on_result(bo->result_ctx, i, bt->paths[i]) != 0)
		rc = XOEV_ERROR;
	if (bt->on_progress)
		bt->on_progress(bt->progress_ctx, i + 1, bt->count);
	xoev_diag_list_free(s->diags);
	s->diags = NULL;
	return rc;
}

int xoev_validate_batch(const xoev_registry *reg, const xoev_validate_options *vopts,
                        const xoev_batch_options *bopts, const char *const *paths, size_t count,
                        struct xoev_report *report)
{
	batch bt;
	pthread_t threads[MAX_JOBS];
	size_t jobs = 1, started = 0, i, emitted = 0;
	int rc = XOEV_OK;

	if (!reg || !report || (count && !paths))
		return XOEV_EINVAL;
	if (bopts && bopts->version != XOEV_BATCH_OPTIONS_VERSION)
		return XOEV_EINVAL;
	for (i = 0; i < count; i++)
		if (!paths[i])
			return XOEV_EINVAL;
	if (bopts && bopts->jobs > 1)
		jobs = bopts->jobs > MAX_JOBS ? MAX_JOBS : bopts->jobs;
	if (jobs > count)
		jobs = count ? count : 1;

	memset(&bt, 0, sizeof bt);
	bt.waiting = (size_t)-1;
	bt.reg = reg;
	bt.vopts = vopts;
	bt.paths = paths;
	bt.count = count;
	if (bopts) {
		bt.on_progress = bopts->on_progress;
		bt.progress_ctx = bopts->progress_ctx;
	}
	bt.slots = calloc(count ? count : 1, sizeof *bt.slots);
	if (!bt.slots)
		return XOEV_ENOMEM;
	if (xoev_uuid_set__new(&bt.seen) != XOEV_OK) {
		free(bt.slots);
		return XOEV_ENOMEM;
	}
	pthread_mutex_init(&bt.lock, NULL);
	pthread_cond_init(&bt.changed, NULL);

	/*
	 * The caller's thread validates too, and reports every completed slot
	 * in order between its own documents: it sleeps only at the end, for
	 * documents still under way, so no thread waits per document.
	 */
	for (started = 0; started + 1 < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker, &bt) != 0)
			break; /* fewer threads: the caller's thread still does its share */
	{
		xoev_validator *v = NULL;
		int vrc = xoev_validator_new(&v, reg, vopts);

		if (vrc == XOEV_OK)
			xoev_validator__share_uuids(v, bt.seen);
		while (rc == XOEV_OK) {
			while (emitted < count && rc == XOEV_OK &&
			       __atomic_load_n(&bt.slots[emitted].done, __ATOMIC_ACQUIRE))
				rc = emit(&bt, emitted++, report, bopts);
			if (rc != XOEV_OK)
				break;
			i = __atomic_fetch_add(&bt.next, 1, __ATOMIC_ACQ_REL);
			if (i >= count)
				break;
			if (vrc == XOEV_OK)
				validate_slot(&bt, v, i);
			else
				bt.slots[i].status = vrc;
			__atomic_store_n(&bt.slots[i].done, 1, __ATOMIC_SEQ_CST);
		}
		xoev_validator_free(v);
	}
	if (rc != XOEV_OK)
		__atomic_store_n(&bt.stop, 1, __ATOMIC_RELEASE);
	/* the documents other threads still work on */
	while (rc == XOEV_OK && emitted < count) {
		wait_for(&bt, emitted);
		rc = emit(&bt, emitted++, report, bopts);
		if (rc != XOEV_OK)
			__atomic_store_n(&bt.stop, 1, __ATOMIC_RELEASE);
	}
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	for (i = emitted; i < count; i++)
		xoev_diag_list_free(bt.slots[i].diags);
	pthread_cond_destroy(&bt.changed);
	pthread_mutex_destroy(&bt.lock);
	xoev_uuid_set__free(bt.seen);
	free(bt.slots);
	return rc;
}
