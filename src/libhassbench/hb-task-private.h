/* hb-task-private.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "hb-task.h"
#include "hb-task-bucket.h"

G_BEGIN_DECLS

/*
 * Private task API for the other parts of the library (bus, scheduler, harness).
 */

/**
 * HbTaskDoneFunc:
 * @task: the task, already in its final state (DONE, FAILED or CANCELLED)
 * @user_data: the data given with the callback
 */
typedef void (*HbTaskDoneFunc) (HbTask   *task,
                                gpointer  user_data);

/*
 * _hb_task_new:
 *
 * Like hb_task_bucket_spawn(): creates a PENDING task and appends it to the run queue.
 * Nothing runs before the queue is run, so the caller can add done callbacks or task data
 * first.
 *
 * Returns: (transfer full): the task (the bucket holds its own reference until it finishes)
 */
HbTask *_hb_task_new                (HbTaskBucket   *bucket,
                                     const char     *name,
                                     const char     *owner,
                                     HbTaskFunc      func,
                                     gpointer        data,
                                     GDestroyNotify  destroy);
/*
 * _hb_task_add_done_callback:
 *
 * @func runs exactly once, when the task reaches DONE, FAILED or CANCELLED (after the
 * exception recorders and ::task-finished), callbacks in the order they were added. On a
 * task that already finished it runs at once. @destroy runs right after @func.
 */
void    _hb_task_add_done_callback  (HbTask         *task,
                                     HbTaskDoneFunc  func,
                                     gpointer        data,
                                     GDestroyNotify  destroy);

/*
 * Between hb-task.c and hb-task-bucket.c only.
 */

/* Which bucket counter a task is counted in. */
typedef enum {
  HB_TASK_COUNT_NONE,
  HB_TASK_COUNT_RUNNABLE,
  HB_TASK_COUNT_WAITING,
  HB_TASK_COUNT_SLEEPING,
  HB_TASK_COUNT_AWAITING,
} HbTaskCount;

/* Bucket bookkeeping embedded in each task, so that no list operation allocates and
 * every removal is O(1) (the list model: O(log n)). Owned by the bucket. */
typedef struct {
  GList          live_link;   /* the bucket's queue of every live task, creation order */
  GList          queue_link;  /* the run queue, while queued */
  GSequenceIter *model_iter;  /* the list model entry; NULL while not listed */
  guint          queued : 1;
} HbTaskLinks;

HbTask      *_hb_task_create            (HbTaskBucket   *bucket,
                                         HbTask         *parent,
                                         guint64         id,
                                         const char     *name,
                                         const char     *owner,
                                         HbTaskState     state,
                                         HbTaskFunc      func,
                                         gpointer        data,
                                         GDestroyNotify  destroy);
HbTaskLinks *_hb_task_get_links         (HbTask         *task);
/* Runs the next step of a task that is PENDING (popped from the run queue) or freshly
 * created RUNNING (hb_task_bucket_run()). */
void         _hb_task_run_step          (HbTask         *task);

HbTask      *_hb_task_bucket_add        (HbTaskBucket   *self,
                                         HbTask         *parent,
                                         const char     *name,
                                         const char     *owner,
                                         HbTaskFunc      func,
                                         gpointer        data,
                                         GDestroyNotify  destroy);
void         _hb_task_bucket_recount    (HbTaskBucket   *self,
                                         HbTaskCount     from,
                                         HbTaskCount     to);
void         _hb_task_bucket_enqueue    (HbTaskBucket   *self,
                                         HbTask         *task);
void         _hb_task_bucket_changed    (HbTaskBucket   *self,
                                         HbTask         *task);
/* Takes a task that just reached a final state off every list (live, run queue, model). */
void         _hb_task_bucket_unlink     (HbTaskBucket   *self,
                                         HbTask         *task);
/* Exception recorders (FAILED only), then ::task-finished. */
void         _hb_task_bucket_report     (HbTaskBucket   *self,
                                         HbTask         *task);

/* Runs the tasks queued at the time of the call, once each (what the idle source does). */
guint    _hb_task_bucket_run_queued (HbTaskBucket *bucket);

G_END_DECLS
