/* hb-scheduler.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include "hb-clock.h"
#include "hb-job.h"
#include "hb-task-bucket.h"

G_BEGIN_DECLS

/*
 * HbScheduler: an app's jobs. Every scheduled job is one entry in the clock's due queue
 * (HB_CLOCK_ENTRY_JOB), so all due work is ordered by fire time in one priority queue.
 * When an entry fires, the scheduler first computes the job's next occurrence and
 * re-enqueues it (a one-shot becomes COMPLETED and frees its name, unlike the reference:
 * re-arming a timer by name works), then checks `where`, then runs the job through its
 * mode guard as task "job:<name>", at once (before hb_clock_fire_due() returns).
 *
 * Names are unique among the jobs that are not completed or removed:
 * HB_ERROR_DUPLICATE_NAME "A job named 'x' already exists in scheduler for '<owner>'".
 *
 * It is a GListModel of the scheduled HbJob, in registration order.
 *
 * Signals: ::job-added (HbJob*), ::job-fired (HbJob*), ::job-removed (HbJob*) (also for a
 * completed one-shot). ::job-fired is emitted once per fired clock entry, before `where`
 * and the mode guard decide whether the job runs; for a one-shot it comes before its
 * ::job-removed.
 *
 * A run that fails (FALSE + error, at once or later through hb_task_return_error()) fails
 * its task and is passed to the error handler; a failing `where` is passed to the error
 * handler and reported as a failed task "scheduler:predicate_error".
 *
 * Ownership: the scheduler holds a reference on a job while it is scheduled and while a
 * run of it is in flight; keep your own (g_object_ref) to use it longer. When a shortcut
 * or hb_scheduler_add_job() fails, @destroy has been called on @user_data.
 */

#define HB_TYPE_SCHEDULER (hb_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (HbScheduler, hb_scheduler, HB, SCHEDULER, GObject)

typedef void (*HbSchedulerErrorHandler) (HbJob        *job,
                                         const GError *error,
                                         gpointer      user_data);

HbScheduler *hb_scheduler_new            (HbClock       *clock,
                                          HbTaskBucket  *bucket,
                                          const char    *owner,
                                          guint64        seed);
/**
 * hb_scheduler_add_job:
 *
 * Schedules @job. The scheduler takes its own reference; the caller keeps (and releases)
 * its own.
 *
 * Returns: (transfer none) (nullable): @job (or the existing one for SKIP), %NULL on error
 */
HbJob       *hb_scheduler_add_job        (HbScheduler   *self,
                                          HbJob         *job,
                                          HbIfExists     if_exists,
                                          GError       **error);
/* Shortcuts; each returns (transfer none) the added job or NULL with @error. */
HbJob       *hb_scheduler_run_in         (HbScheduler   *self,
                                          const char    *name,
                                          double         seconds,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
/* @at: "HH:MM[:SS]" today in the clock's zone, tomorrow if not strictly in the future */
HbJob       *hb_scheduler_run_once       (HbScheduler   *self,
                                          const char    *name,
                                          const char    *at,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
/* A past @at fires at the next trigger. */
HbJob       *hb_scheduler_run_at         (HbScheduler   *self,
                                          const char    *name,
                                          GDateTime     *at,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
HbJob       *hb_scheduler_run_every      (HbScheduler   *self,
                                          const char    *name,
                                          double         seconds,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
/* @minutes >= 1 */
HbJob       *hb_scheduler_run_minutely   (HbScheduler   *self,
                                          const char    *name,
                                          guint          minutes,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
/* @hours >= 1 */
HbJob       *hb_scheduler_run_hourly     (HbScheduler   *self,
                                          const char    *name,
                                          guint          hours,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
HbJob       *hb_scheduler_run_daily      (HbScheduler   *self,
                                          const char    *name,
                                          const char    *at,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
HbJob       *hb_scheduler_run_cron       (HbScheduler   *self,
                                          const char    *name,
                                          const char    *expression,
                                          HbJobFunc      func,
                                          gpointer       user_data,
                                          GDestroyNotify destroy,
                                          GError       **error);
/* Runs a scheduled job now, through its mode guard and without its `where` (the
 * reference's job.submit()); its schedule does not change. A job that is not scheduled
 * here is HB_ERROR_NOT_FOUND. */
gboolean     hb_scheduler_run_job_now    (HbScheduler   *self,
                                          HbJob         *job,
                                          GError       **error);
/* Idempotent; frees the name at once; cancels an in-flight run (but not one executing
 * right now: a job that removes itself from its own run finishes that run). On a completed
 * one-shot whose run is still in flight, cancels that run. */
void         hb_scheduler_remove_job     (HbScheduler   *self,
                                          HbJob         *job);
gboolean     hb_scheduler_remove_job_by_name (HbScheduler *self,
                                              const char  *name);
guint        hb_scheduler_remove_group   (HbScheduler   *self,
                                          const char    *group);
void         hb_scheduler_remove_all_jobs (HbScheduler  *self);
/* (transfer none) (nullable): a scheduled job */
HbJob       *hb_scheduler_lookup_job     (HbScheduler   *self,
                                          const char    *name);
/* (transfer container) (element-type HbJob): scheduled jobs, by next fire time */
GPtrArray   *hb_scheduler_list_jobs      (HbScheduler   *self,
                                          const char    *group);
guint        hb_scheduler_get_n_jobs     (HbScheduler   *self);
/* (transfer none) (nullable): the scheduled job that fires first. O(n): for views and
 * expectations; the clock's hb_clock_peek_next() gives the time in O(1). */
HbJob       *hb_scheduler_peek_next_job  (HbScheduler   *self);
void         hb_scheduler_set_error_handler (HbScheduler            *self,
                                             HbSchedulerErrorHandler handler,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy);

G_END_DECLS
