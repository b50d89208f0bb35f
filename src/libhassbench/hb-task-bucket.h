/* hb-task-bucket.h
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
#include "hb-task.h"

G_BEGIN_DECLS

/*
 * HbTaskBucket: every task of one harness (the app's, the bus's and the scheduler's: one
 * bucket, so a drain sees all of them; reference hazard 4 fixed).
 *
 * It is a GListModel of the live tasks (not finished), in creation order. Runnable tasks
 * wait in one FIFO run queue; an idle source on the bucket's main context runs them, and
 * hb_task_bucket_run_pending() runs them at once. Counters say how many tasks are
 * runnable, waiting outside the clock, sleeping on the clock and awaiting other tasks,
 * which is all a drain needs to detect quiescence. Those counters always add up to
 * hb_task_bucket_get_n_live(), which also counts a task still in its first
 * hb_task_bucket_run() step (the list model does not: it lists such a task after the step).
 *
 * Signals:
 *  - ::task-started (HbTask*): a task was created
 *  - ::task-changed (HbTask*): its state or waits-on changed (not emitted for the final
 *    state: that is ::task-finished)
 *  - ::task-finished (HbTask*): it reached DONE, FAILED or CANCELLED
 */

#define HB_TYPE_TASK_BUCKET (hb_task_bucket_get_type ())
G_DECLARE_FINAL_TYPE (HbTaskBucket, hb_task_bucket, HB, TASK_BUCKET, GObject)

/**
 * HbExceptionRecorder:
 *
 * Sees every task that fails (not cancelled ones), in the order recorders were added.
 */
typedef void (*HbExceptionRecorder) (HbTask       *task,
                                     const GError *error,
                                     gpointer      user_data);

/* @context: (nullable): where the run queue's idle source runs; NULL: thread-default. */
HbTaskBucket *hb_task_bucket_new               (HbClock       *clock,
                                                GMainContext  *context);
HbClock      *hb_task_bucket_get_clock         (HbTaskBucket  *self);
GMainContext *hb_task_bucket_get_context       (HbTaskBucket  *self);
/**
 * hb_task_bucket_spawn:
 *
 * Creates a PENDING task and appends it to the run queue.
 *
 * Returns: (transfer none): the task, owned by the bucket until it finishes
 */
HbTask       *hb_task_bucket_spawn             (HbTaskBucket  *self,
                                                const char    *name,
                                                const char    *owner,
                                                HbTaskFunc     func,
                                                gpointer       user_data,
                                                GDestroyNotify destroy);
/**
 * hb_task_bucket_run:
 *
 * Creates a task and runs its first step now, before returning. A task that finishes in
 * that step never appears in the list model (only in the signals).
 *
 * Returns: (transfer full): the task
 */
HbTask       *hb_task_bucket_run               (HbTaskBucket  *self,
                                                const char    *name,
                                                const char    *owner,
                                                HbTaskFunc     func,
                                                gpointer       user_data,
                                                GDestroyNotify destroy);
/* Runs queued tasks until the run queue is empty. Returns how many steps ran. */
guint         hb_task_bucket_run_pending       (HbTaskBucket  *self);
guint         hb_task_bucket_get_n_live        (HbTaskBucket  *self);
guint         hb_task_bucket_get_n_runnable    (HbTaskBucket  *self);
/* Held tasks only; tasks awaiting another task are in n_awaiting. */
guint         hb_task_bucket_get_n_waiting     (HbTaskBucket  *self);
guint         hb_task_bucket_get_n_sleeping    (HbTaskBucket  *self);
guint         hb_task_bucket_get_n_awaiting    (HbTaskBucket  *self);
/* Totals since creation. */
guint64       hb_task_bucket_get_n_started     (HbTaskBucket  *self);
guint64       hb_task_bucket_get_n_failed      (HbTaskBucket  *self);
/* (transfer container) (element-type HbTask): the live tasks, oldest first */
GPtrArray    *hb_task_bucket_list_live         (HbTaskBucket  *self);
/* Names of the live tasks, oldest first, optionally only of @owner. */
GStrv         hb_task_bucket_list_live_names   (HbTaskBucket  *self,
                                                const char    *owner);
/* Cancels every live task (of @owner, or all when NULL). */
void          hb_task_bucket_cancel_all        (HbTaskBucket  *self,
                                                const char    *owner);
guint         hb_task_bucket_add_exception_recorder    (HbTaskBucket        *self,
                                                        HbExceptionRecorder  func,
                                                        gpointer             user_data,
                                                        GDestroyNotify       destroy);
/* Removing an unknown id is a no-op. */
void          hb_task_bucket_remove_exception_recorder (HbTaskBucket        *self,
                                                        guint                recorder_id);

G_END_DECLS
