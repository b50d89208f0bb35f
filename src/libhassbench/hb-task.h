/* hb-task.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include <gio/gio.h>

#include "hb-types.h"

G_BEGIN_DECLS

/*
 * HbTask: one unit of work an app can observe: a handler run, a job run, a debounce or
 * duration timer, a piece of async work the app spawned. It has a name
 * ("handler:motion", "job:motion_lights_off", "handler:debounce", "bus:duration_timer"),
 * an owner (the app's unique name, or "bus" / "scheduler"), a state, what it waits on,
 * and its error.
 *
 * A task runs as a chain of steps. Each step is an HbTaskFunc, run on the harness's main
 * context. A step returns FALSE with @error set to fail the task. It returns TRUE to
 * finish it, unless during the step it asked for more:
 *
 *  - hb_task_hold(): the task waits on something outside the clock (a GIO callback, a
 *    thread); whoever finishes that work calls hb_task_return() or hb_task_return_error().
 *  - hb_task_sleep(): the task parks on the harness clock and runs @then when the clock
 *    reaches the due time and due work is triggered (frozen clock) or the time comes
 *    (live clock).
 *  - hb_task_await(): the task waits for another task to finish, then runs @then.
 *
 * Under a frozen clock, a drain does not wait for sleeping tasks: they are parked, and
 * run when time is advanced and due work is triggered.
 */

#define HB_TYPE_TASK (hb_task_get_type ())
G_DECLARE_FINAL_TYPE (HbTask, hb_task, HB, TASK, GObject)

/**
 * HbTaskFunc:
 * @task: the running task
 * @user_data: the data given with the function
 * @error: return location for the step's error
 *
 * Returns: %FALSE with @error set to fail the task, %TRUE otherwise
 */
typedef gboolean (*HbTaskFunc) (HbTask    *task,
                                gpointer   user_data,
                                GError   **error);

guint64       hb_task_get_id            (HbTask      *self);
const char   *hb_task_get_name          (HbTask      *self);
const char   *hb_task_get_owner         (HbTask      *self);
HbTaskState   hb_task_get_state         (HbTask      *self);
/* TRUE once DONE, FAILED or CANCELLED. */
gboolean      hb_task_is_finished       (HbTask      *self);
/* (nullable): "clock until 2024-06-01T07:05:00+00:00", "task job:x", what hold() said */
const char   *hb_task_get_waits_on      (HbTask      *self);
/* (transfer none) (nullable): the error of a FAILED or CANCELLED task */
const GError *hb_task_get_error         (HbTask      *self);
/* Clock instants (usec since the epoch): creation and end (0 while not finished). */
gint64        hb_task_get_created_usec  (HbTask      *self);
gint64        hb_task_get_finished_usec (HbTask      *self);
/* Cancelled when the task is cancelled; pass it to GIO calls the task waits on. */
GCancellable *hb_task_get_cancellable   (HbTask      *self);
/* (transfer none) (nullable): the task that spawned this one */
HbTask       *hb_task_get_parent        (HbTask      *self);
/* Arbitrary data that lives as long as the task. */
void          hb_task_set_task_data     (HbTask        *self,
                                         gpointer       data,
                                         GDestroyNotify destroy);
gpointer      hb_task_get_task_data     (HbTask        *self);

/* Only during a step: finish later, from outside. @waits_on says on what. hb_task_return()
 * may also come before the step returns (the task then finishes when it does). */
void          hb_task_hold              (HbTask        *self,
                                         const char    *waits_on);
/* Only during a step: park on the clock for @seconds (finite, >= 0), then run @then.
 * Bad @seconds is HB_ERROR_INVALID_ARGUMENT. @destroy runs even when this fails. */
gboolean      hb_task_sleep             (HbTask        *self,
                                         double         seconds,
                                         HbTaskFunc     then,
                                         gpointer       user_data,
                                         GDestroyNotify destroy,
                                         GError       **error);
/* Only during a step: wait for @other to finish (any outcome), then run @then. The task is
 * WAITING but counted as awaiting, not waiting. If @other already finished, @then is
 * queued at once. */
void          hb_task_await             (HbTask        *self,
                                         HbTask        *other,
                                         HbTaskFunc     then,
                                         gpointer       user_data,
                                         GDestroyNotify destroy);
/* Finish a held task successfully, or with an error (takes ownership of @error). On a
 * task that is not held this is a critical; on a cancelled task it is silently ignored
 * (the work it waited on may well complete after the cancellation). */
void          hb_task_return            (HbTask        *self);
void          hb_task_return_error      (HbTask        *self,
                                         GError        *error);
/* Cancels a task that is not finished: its cancellable fires, its clock entry goes, its
 * state becomes CANCELLED. Cancellation is not a failure: no exception recorder sees it.
 * Its error is HB_ERROR_CANCELLED. Children it spawned are not cancelled. No-op on a
 * finished task. */
void          hb_task_cancel            (HbTask        *self);
/**
 * hb_task_spawn_child:
 *
 * Queues a new task in the same bucket, with the same owner; @self becomes its parent.
 * @self must not be finished.
 *
 * Returns: (transfer none): the child, owned by the bucket until it finishes
 */
HbTask       *hb_task_spawn_child       (HbTask        *self,
                                         const char    *name,
                                         HbTaskFunc     func,
                                         gpointer       user_data,
                                         GDestroyNotify destroy);

G_END_DECLS
