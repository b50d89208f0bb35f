/* hb-types.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(HB_INSIDE) && !defined(HB_COMPILATION)
# error "Only <hassbench.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _HbApp           HbApp;
typedef struct _HbApiCall       HbApiCall;
typedef struct _HbBus           HbBus;
typedef struct _HbClock         HbClock;
typedef struct _HbCondition     HbCondition;
typedef struct _HbConfigSchema  HbConfigSchema;
typedef struct _HbDrainReport   HbDrainReport;
typedef struct _HbEvent         HbEvent;
typedef struct _HbHarness       HbHarness;
typedef struct _HbJob           HbJob;
typedef struct _HbListener      HbListener;
typedef struct _HbPredicate     HbPredicate;
typedef struct _HbRecordingApi  HbRecordingApi;
typedef struct _HbScheduler     HbScheduler;
typedef struct _HbState         HbState;
typedef struct _HbStates        HbStates;
typedef struct _HbTask          HbTask;
typedef struct _HbTaskBucket    HbTaskBucket;
typedef struct _HbTrigger       HbTrigger;

/**
 * HB_DEFAULT_TIMEOUT:
 *
 * The drain timeout, in seconds of real time, that the reference harness uses by default.
 */
#define HB_DEFAULT_TIMEOUT 2.0

/**
 * HbTaskState:
 * @HB_TASK_PENDING: created and runnable, not started yet
 * @HB_TASK_RUNNING: its function is executing right now
 * @HB_TASK_WAITING: held by its owner, waiting on something outside the clock
 *   (a GIO callback, another task)
 * @HB_TASK_SLEEPING: waiting on the harness clock (a sleep, a debounce, a duration hold)
 * @HB_TASK_DONE: finished successfully
 * @HB_TASK_FAILED: finished with an error
 * @HB_TASK_CANCELLED: cancelled before it finished
 */
typedef enum {
  HB_TASK_PENDING,
  HB_TASK_RUNNING,
  HB_TASK_WAITING,
  HB_TASK_SLEEPING,
  HB_TASK_DONE,
  HB_TASK_FAILED,
  HB_TASK_CANCELLED,
} HbTaskState;

/**
 * HbMode:
 * @HB_MODE_SINGLE: a trigger arriving while the previous run is in flight is dropped
 * @HB_MODE_RESTART: the in-flight run is cancelled and a new one starts
 * @HB_MODE_QUEUED: triggers queue up (at most 10 pending; newer ones are dropped)
 * @HB_MODE_PARALLEL: no guard; every trigger runs
 *
 * Overlap policy for listeners and jobs. Apps default to %HB_MODE_SINGLE.
 */
typedef enum {
  HB_MODE_SINGLE,
  HB_MODE_RESTART,
  HB_MODE_QUEUED,
  HB_MODE_PARALLEL,
} HbMode;

#define HB_MODE_QUEUE_LIMIT 10

/**
 * HbJobStatus:
 * @HB_JOB_SCHEDULED: waiting in the due queue for its fire time
 * @HB_JOB_COMPLETED: a one-shot that fired (its name is free again)
 * @HB_JOB_REMOVED: removed by the app or by shutdown
 */
typedef enum {
  HB_JOB_SCHEDULED,
  HB_JOB_COMPLETED,
  HB_JOB_REMOVED,
} HbJobStatus;

/**
 * HbIfExists:
 * @HB_IF_EXISTS_ERROR: a name in use is %HB_ERROR_DUPLICATE_NAME
 * @HB_IF_EXISTS_SKIP: return the existing one when configured the same, else an error
 *   listing what differs
 * @HB_IF_EXISTS_REPLACE: remove the existing one, then add
 */
typedef enum {
  HB_IF_EXISTS_ERROR,
  HB_IF_EXISTS_SKIP,
  HB_IF_EXISTS_REPLACE,
} HbIfExists;

/**
 * HbServiceStatus:
 *
 * The framework's resource status, as carried by service-status and app-state events.
 */
typedef enum {
  HB_SERVICE_NOT_STARTED,
  HB_SERVICE_STARTING,
  HB_SERVICE_RUNNING,
  HB_SERVICE_STOPPING,
  HB_SERVICE_STOPPED,
  HB_SERVICE_FAILED,
  HB_SERVICE_CRASHED,
  HB_SERVICE_EXHAUSTED_DEAD,
} HbServiceStatus;

GType hb_task_state_get_type     (void) G_GNUC_CONST;
GType hb_mode_get_type           (void) G_GNUC_CONST;
GType hb_job_status_get_type     (void) G_GNUC_CONST;
GType hb_service_status_get_type (void) G_GNUC_CONST;

#define HB_TYPE_TASK_STATE     (hb_task_state_get_type ())
#define HB_TYPE_MODE           (hb_mode_get_type ())
#define HB_TYPE_JOB_STATUS     (hb_job_status_get_type ())
#define HB_TYPE_SERVICE_STATUS (hb_service_status_get_type ())

const char *hb_task_state_to_string     (HbTaskState     state);
const char *hb_mode_to_string           (HbMode          mode);
gboolean    hb_mode_from_string         (const char     *str,
                                         HbMode         *mode,
                                         GError        **error);
const char *hb_job_status_to_string     (HbJobStatus     status);
/* "running", "failed", ...: the lower-case names the framework's events carry */
const char *hb_service_status_to_string (HbServiceStatus status);
gboolean    hb_service_status_from_string (const char    *str,
                                           HbServiceStatus *status,
                                           GError        **error);

G_END_DECLS
