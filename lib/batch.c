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
	int done;
} slot;

typedef struct {
	const xoev_registry *reg;
	const xoev_validate_options *vopts;
	const char *const *paths;
	size_t count;
	slot *slots;
	xoev_uuid_set *seen;

	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t next;      /* next index to take */
	size_t finished;  /* documents done, for progress */
	int stop;         /* the caller's callback asked to stop, or out of memory */

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
		pthread_mutex_lock(&bt->lock);
		if (bt->stop || bt->next >= bt->count) {
			pthread_mutex_unlock(&bt->lock);
			break;
		}
		i = bt->next++;
		pthread_mutex_unlock(&bt->lock);

		if (rc == XOEV_OK)
			validate_slot(bt, v, i);
		else
			bt->slots[i].status = rc;

		pthread_mutex_lock(&bt->lock);
		bt->slots[i].done = 1;
		bt->finished++;
		if (bt->on_progress)
			bt->on_progress(bt->progress_ctx, bt->finished, bt->count);
		pthread_cond_broadcast(&bt->changed);
		pthread_mutex_unlock(&bt->lock);
	}
	xoev_validator_free(v);
	return NULL;
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
		rc = xoev_report_add(report, bt->paths[i], s->verdict, s->bundle, s->type, s->diags);
	if (rc == XOEV_OK) {
		size_t at = xoev_report_count(report) - 1;
		xoev_report_set_layers(report, at, s->layers);
		xoev_report_set_duration(report, at, s->seconds);
	}
	if (rc == XOEV_OK && bo && bo->on_result && bo->on_result(bo->result_ctx, i, bt->paths[i]) != 0)
		rc = XOEV_ERROR;
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

	/* The caller's thread is the collector; jobs threads validate.
	 * With one job the caller's thread does the work itself. */
	if (jobs > 1) {
		/* if no thread can be started, the caller's thread does the work */
		for (started = 0; started < jobs; started++)
			if (pthread_create(&threads[started], NULL, worker, &bt) != 0)
				break;
	}
	if (started == 0) {
		xoev_validator *v = NULL;
		rc = xoev_validator_new(&v, reg, vopts);
		if (rc == XOEV_OK)
			xoev_validator__share_uuids(v, bt.seen);
		for (i = 0; rc == XOEV_OK && i < count; i++) {
			validate_slot(&bt, v, i);
			bt.slots[i].done = 1;
			if (bt.on_progress)
				bt.on_progress(bt.progress_ctx, i + 1, count);
			rc = emit(&bt, i, report, bopts);
			emitted = i + 1;
		}
		xoev_validator_free(v);
	} else {
		for (i = 0; i < count; i++) {
			pthread_mutex_lock(&bt.lock);
			while (!bt.slots[i].done)
				pthread_cond_wait(&bt.changed, &bt.lock);
			pthread_mutex_unlock(&bt.lock);
			if (rc == XOEV_OK) {
				rc = emit(&bt, i, report, bopts);
				if (rc != XOEV_OK) {
					pthread_mutex_lock(&bt.lock);
					bt.stop = 1;
					pthread_mutex_unlock(&bt.lock);
				}
			}
			emitted = i + 1;
			if (bt.stop) {
				/* workers stop taking new documents; wait for those under way */
				size_t j;
				for (j = 0; j < started; j++)
					pthread_join(threads[j], NULL);
				started = 0;
				break;
			}
		}
		for (i = 0; i < started; i++)
			pthread_join(threads[i], NULL);
	}
	for (i = emitted; i < count; i++)
		xoev_diag_list_free(bt.slots[i].diags);
	pthread_cond_destroy(&bt.changed);
	pthread_mutex_destroy(&bt.lock);
	xoev_uuid_set__free(bt.seen);
	free(bt.slots);
	return rc;
}
