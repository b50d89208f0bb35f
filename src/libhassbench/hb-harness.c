/* hb-harness.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-harness.h"
#include "hb-task-private.h"

#include <math.h>
#include <string.h>

#include "hb-app-private.h"
#include "hb-class-lock-private.h"
#include "hb-config-schema-private.h"
#include "hb-error.h"
#include "hb-event.h"
#include "hb-json.h"
#include "hb-time-lock-private.h"

/*
 * The integration point of the core. Design notes (what the reference does and why this
 * differs):
 *
 *  - Everything an app can observe lives in this harness: its own GMainContext, clock,
 *    states, task bucket, bus, scheduler and api. Nothing is process-global except the
 *    time lock, which only exists to keep the reference's freeze_time rule; the clock
 *    itself is per harness, so hb_harness_set_start_time() does not take it (reference
 *    hazards 2 and 15).
 *
 *  - One permanent exception recorder on the bucket feeds `collecting`, the report under
 *    construction. A drain, trigger_due_jobs or stop hands that report out and starts a
 *    new one, so every failure since the previous report is reported exactly once, in the
 *    order the tasks failed (including failures of tasks started during start, and of
 *    handlers that fail directly: reference hazard 5).
 *
 *  - Quiescence is read from the bucket's counters: nothing runnable, nothing waiting
 *    outside the clock, and (under a live clock) nothing sleeping. While tasks are
 *    runnable the drain turns the context without blocking (the bucket's idle runs one
 *    snapshot of the run queue per turn, so the deadline is seen even with a task that
 *    queues work forever); only when something waits outside the run queue does it block
 *    in g_main_context_iteration(), with a deadline source to wake it. No sleeping and no
 *    polling windows (the reference's 5 ms stability sleeps).
 *
 *  - trigger_due_jobs runs the run queue to empty without blocking (it has no deadline):
 *    work that re-queues itself forever belongs in a drain.
 *
 *  - The startup deadline and drain timeouts are real time (g_get_monotonic_time()): they
 *    bound waits on things the clock does not control.
 */

typedef enum {
  PHASE_NEW,
  PHASE_STARTING,
  PHASE_RUNNING,
  PHASE_STOPPED,
} Phase;

struct _HbHarness
{
  GObject          parent_instance;

  GType            app_type;
  JsonObject      *config;
  GMainContext    *context;
  HbClock         *clock;
  HbStates        *states;
  HbTaskBucket    *bucket;
  HbRecordingApi  *api;
  HbBus           *bus;          /* from start */
  HbScheduler     *scheduler;    /* from start */
  HbApp           *app;          /* from start */
  gpointer         app_class;    /* a reference on the app class, from start */
  HbClassLock     *class_lock;   /* while inside the class lock */

  HbDrainReport   *report;       /* the last one handed out */
  HbDrainReport   *collecting;   /* failures since then */
  guint            recorder_id;

  guint64          seed;
  double           startup_timeout;
  guint64          next_context_id;

  /* The clock's now as ISO text, cached: simulations at one frozen instant reuse it. */
  gint64           stamp_usec;
  GTimeZone       *stamp_zone;
  char            *stamp_text;

  Phase            phase;
  guint            start_time_set : 1;
};

G_DEFINE_FINAL_TYPE (HbHarness, hb_harness, G_TYPE_OBJECT)

#define EPOCH_TIMESTAMP "1970-01-01T00:00:00+00:00"
#define DEFAULT_STARTUP_TIMEOUT 5.0
#define INITIALIZE_TASK_NAME "app:initialize"

static void teardown (HbHarness *self,
                      gboolean   run_shutdown);

/* A source that becomes ready at a monotonic deadline: it only wakes a blocked
 * g_main_context_iteration(); the caller checks the time itself. */
static gboolean
deadline_source_dispatch (GSource     *source,
                          GSourceFunc  callback,
                          gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs deadline_source_funcs = {
  NULL, NULL, deadline_source_dispatch, NULL, NULL, NULL,
};

static GSource *
deadline_source_new (GMainContext *context,
                     gint64        deadline)
{
  GSource *source = g_source_new (&deadline_source_funcs, sizeof (GSource));

  g_source_set_name (source, "[hassbench] drain deadline");
  g_source_set_ready_time (source, deadline);
  g_source_attach (source, context);
  return source;
}

static void
deadline_source_free (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static gint64
deadline_after (double seconds)
{
  gint64 now = g_get_monotonic_time ();

  if (seconds >= (double) (G_MAXINT64 - now) / G_USEC_PER_SEC)
    return G_MAXINT64;
  return now + (gint64) (seconds * G_USEC_PER_SEC);
}

static void
exception_recorder_cb (HbTask       *task,
                       const GError *error,
                       gpointer      user_data)
{
  HbHarness *self = user_data;

  hb_drain_report_add_failure (self->collecting, hb_task_get_name (task), error);
}

static void
hb_harness_dispose (GObject *object)
{
  HbHarness *self = (HbHarness *)object;

  if (self->phase == PHASE_STARTING || self->phase == PHASE_RUNNING)
    {
      g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (self->context);

      teardown (self, self->phase == PHASE_RUNNING);
    }
  self->phase = PHASE_STOPPED;
  _hb_time_lock_release (self);
  if (self->class_lock != NULL)
    _hb_class_lock_leave (g_steal_pointer (&self->class_lock));

  if (self->bucket != NULL && self->recorder_id != 0)
    hb_task_bucket_remove_exception_recorder (self->bucket, self->recorder_id);
  self->recorder_id = 0;

  g_clear_object (&self->app);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->bus);
  g_clear_object (&self->api);
  g_clear_object (&self->bucket);
  g_clear_object (&self->states);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->app_class, g_type_class_unref);

  G_OBJECT_CLASS (hb_harness_parent_class)->dispose (object);
}

static void
hb_harness_finalize (GObject *object)
{
  HbHarness *self = (HbHarness *)object;

  g_clear_object (&self->report);
  g_clear_object (&self->collecting);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->stamp_zone, g_time_zone_unref);
  g_clear_pointer (&self->stamp_text, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hb_harness_parent_class)->finalize (object);
}

static void
hb_harness_class_init (HbHarnessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_harness_dispose;
  object_class->finalize = hb_harness_finalize;
}

static void
hb_harness_init (HbHarness *self)
{
  self->startup_timeout = DEFAULT_STARTUP_TIMEOUT;
  self->report = hb_drain_report_new ();
  self->collecting = hb_drain_report_new ();
}

HbHarness *
hb_harness_new (GType       app_type,
                JsonObject *config)
{
  HbHarness *self;

  g_return_val_if_fail (g_type_is_a (app_type, HB_TYPE_APP), NULL);
  g_return_val_if_fail (!G_TYPE_IS_ABSTRACT (app_type), NULL);

  self = g_object_new (HB_TYPE_HARNESS, NULL);
  self->app_type = app_type;
  /* Unshared: the caller may hand the same config to harnesses in other threads. */
  self->config = config != NULL ? _hb_config_schema_copy_object (config) : json_object_new ();
  self->context = g_main_context_new ();
  self->clock = hb_clock_new (NULL, self->context);
  self->states = hb_states_new ();
  self->bucket = hb_task_bucket_new (self->clock, self->context);
  self->api = hb_recording_api_new (self->states, self->clock);
  self->recorder_id = hb_task_bucket_add_exception_recorder (self->bucket,
                                                             exception_recorder_cb,
                                                             self, NULL);

  return self;
}

/* Lifecycle checks */

static gboolean
check_running (HbHarness   *self,
               const char  *what,
               GError     **error)
{
  switch (self->phase)
    {
    case PHASE_RUNNING:
      return TRUE;
    case PHASE_NEW:
    case PHASE_STARTING:
      g_set_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_NOT_STARTED,
                   "%s: the harness for %s is not started; call hb_harness_start() first",
                   what, g_type_name (self->app_type));
      return FALSE;
    case PHASE_STOPPED:
      g_set_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED,
                   "%s: the harness for %s is stopped", what, g_type_name (self->app_type));
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_not_stopped (HbHarness   *self,
                   const char  *what,
                   GError     **error)
{
  if (self->phase == PHASE_STOPPED)
    {
      g_set_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED,
                   "%s: the harness for %s is stopped", what, g_type_name (self->app_type));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_seconds (double       seconds,
               const char  *what,
               const char  *name,
               GError     **error)
{
  if (!isfinite (seconds) || seconds < 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "%s: %s must be finite and non-negative, got %g", what, name, seconds);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_name (const char  *value,
            const char  *what,
            const char  *name,
            GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "%s: %s must not be empty", what, name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_entity_id (const char  *entity_id,
                 const char  *what,
                 GError     **error)
{
  if (!hb_entity_id_validate (entity_id, error))
    {
      g_prefix_error (error, "%s: ", what);
      return FALSE;
    }
  return TRUE;
}

/* Time and identity helpers */

static const char *
stamp_now (HbHarness *self)
{
  gint64 now = hb_clock_get_now_usec (self->clock);
  GTimeZone *zone = hb_clock_get_time_zone (self->clock);

  if (self->stamp_text == NULL || now != self->stamp_usec || zone != self->stamp_zone)
    {
      g_autoptr(GDateTime) instant = hb_clock_to_date_time (self->clock, now);

      g_free (self->stamp_text);
      self->stamp_text = hb_format_instant (instant);
      self->stamp_usec = now;
      g_clear_pointer (&self->stamp_zone, g_time_zone_unref);
      self->stamp_zone = g_time_zone_ref (zone);
    }

  return self->stamp_text;
}

/* Context ids come from a counter, not a random uuid: replays must match. */
static char *
next_context_id (HbHarness *self)
{
  return g_strdup_printf ("ctx-%" G_GUINT64_FORMAT, ++self->next_context_id);
}

static char *
format_usec (HbHarness *self,
             gint64     usec)
{
  g_autoptr(GDateTime) instant = hb_clock_to_date_time (self->clock, usec);

  return hb_format_instant (instant);
}

/* "handler:x (waiting on reply)", "job:y (sleeping, clock until ...)" */
static void
append_task_description (GString *out,
                         HbTask  *task)
{
  const char *waits_on = hb_task_get_waits_on (task);

  g_string_append_printf (out, "%s (%s", hb_task_get_name (task),
                          hb_task_state_to_string (hb_task_get_state (task)));
  if (waits_on != NULL)
    g_string_append_printf (out, ", waits on %s", waits_on);
  g_string_append_c (out, ')');
}

static char *
describe_live_tasks (HbHarness *self)
{
  g_autoptr(GPtrArray) tasks = hb_task_bucket_list_live (self->bucket);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tasks->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_task_description (out, g_ptr_array_index (tasks, i));
    }
  if (tasks->len == 0)
    g_string_append (out, "nothing");

  return g_string_free (out, FALSE);
}

static void
append_quoted_names (GString            *out,
                     const char * const *names)
{
  g_string_append_c (out, '[');
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_string_append_printf (out, "%s'%s'", i > 0 ? ", " : "", names[i]);
  g_string_append_c (out, ']');
}

/* Drain */

static gboolean
is_quiescent (HbHarness *self)
{
  if (hb_task_bucket_get_n_runnable (self->bucket) > 0)
    return FALSE;
  if (hb_task_bucket_get_n_waiting (self->bucket) > 0)
    return FALSE;
  /* Under a frozen clock sleeping tasks are parked: they run when time is advanced and
   * due work is triggered. Under a live clock the clock's source will wake them. */
  if (!hb_clock_get_frozen (self->clock) && hb_task_bucket_get_n_sleeping (self->bucket) > 0)
    return FALSE;
  return TRUE;
}

/*
 * Hands out the report under construction. Failures win over a timeout; both are in
 * the report either way.
 */
static gboolean
publish_report (HbHarness   *self,
                gboolean     timed_out,
                double       timeout,
                GError     **error)
{
  g_autoptr(HbDrainReport) report = g_steal_pointer (&self->collecting);
  g_auto(GStrv) pending = hb_task_bucket_list_live_names (self->bucket, NULL);
  guint n_failures;

  self->collecting = hb_drain_report_new ();
  hb_drain_report_set_timed_out (report, timed_out);
  hb_drain_report_set_pending (report, (const char * const *) pending);
  g_set_object (&self->report, report);

  n_failures = hb_drain_report_get_n_failures (report);
  if (n_failures > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);
      const GError *first = hb_drain_report_get_error (report, 0);

      g_string_append_printf (message, "%u handler task exception%s during drain. First: %s: %s",
                              n_failures, n_failures == 1 ? "" : "s",
                              hb_drain_report_get_task_name (report, 0), first->message);
      if (n_failures > 1)
        g_string_append_printf (message, " (%u more — see hb_harness_get_drain_report())",
                                n_failures - 1);
      if (timed_out)
        g_string_append (message, "; the drain also timed out");
      g_set_error_literal (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED, message->str);
      return FALSE;
    }

  if (timed_out)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message,
                              "drain did not reach quiescence within %gs (runnable: %u, "
                              "waiting: %u, sleeping: %u); pending task names: ",
                              timeout,
                              hb_task_bucket_get_n_runnable (self->bucket),
                              hb_task_bucket_get_n_waiting (self->bucket),
                              hb_task_bucket_get_n_sleeping (self->bucket));
      append_quoted_names (message, (const char * const *) pending);
      if (!hb_clock_get_frozen (self->clock) &&
          g_strv_contains ((const char * const *) pending, "handler:debounce"))
        g_string_append (message,
                         "; a debounce is pending under a live clock: pass a timeout larger "
                         "than the largest debounce delay, or freeze the clock and advance it");
      g_set_error_literal (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT, message->str);
      return FALSE;
    }

  return TRUE;
}

/*
 * One turn of the harness's context. While tasks are runnable, the turn does not block:
 * the bucket's idle source runs one snapshot of the run queue, so a task that keeps
 * queueing work cannot keep the caller from seeing its deadline (which
 * hb_task_bucket_run_pending() would, since it runs until the queue is empty). Otherwise
 * something waits outside the run queue: block until a source (a GIO callback, the live
 * clock, the deadline) has work.
 */
static void
pump (HbHarness  *self,
      gint64      deadline,
      GSource   **wake)
{
  if (hb_task_bucket_get_n_runnable (self->bucket) > 0)
    {
      g_main_context_iteration (self->context, FALSE);
      return;
    }

  if (*wake == NULL)
    *wake = deadline_source_new (self->context, deadline);
  g_main_context_iteration (self->context, TRUE);
}

/* Runs the context until quiescent or @timeout; the caller pushed the context. */
static gboolean
drain_internal (HbHarness   *self,
                double       timeout,
                GError     **error)
{
  gint64 deadline = deadline_after (timeout);
  GSource *wake = NULL;
  gboolean timed_out = FALSE;

  /* The first turn runs what is runnable whatever the timeout, so @timeout 0 means "run
   * what is queued, wait for nothing"; the deadline applies from then on. */
  for (guint turn = 0; !is_quiescent (self); turn++)
    {
      if (turn > 0 && g_get_monotonic_time () >= deadline)
        {
          timed_out = TRUE;
          break;
        }
      pump (self, deadline, &wake);
    }

  g_clear_pointer (&wake, deadline_source_free);

  return publish_report (self, timed_out, timeout, error);
}

/* Lifecycle */

static gboolean
initialize_step (HbTask    *task,
                 gpointer   user_data,
                 GError   **error)
{
  return _hb_app_initialize (HB_APP (user_data), task, error);
}

static void
teardown (HbHarness *self,
          gboolean   run_shutdown)
{
  if (run_shutdown && self->app != NULL)
    _hb_app_shutdown (self->app);

  hb_task_bucket_cancel_all (self->bucket, NULL);
  if (self->scheduler != NULL)
    hb_scheduler_remove_all_jobs (self->scheduler);
  if (self->bus != NULL)
    hb_bus_remove_all_listeners (self->bus);
  /* Cancelling can start work (a queued-mode guard starting its next run from a done
   * callback); nothing may outlive the stop. */
  hb_task_bucket_cancel_all (self->bucket, NULL);

  /* A live clock's source must not fire anything after stop. */
  if (!hb_clock_get_frozen (self->clock))
    hb_clock_freeze (self->clock, NULL);

  _hb_time_lock_release (self);
  if (self->class_lock != NULL)
    _hb_class_lock_leave (g_steal_pointer (&self->class_lock));

  self->phase = PHASE_STOPPED;
}

static gboolean
wait_for_initialize (HbHarness  *self,
                     HbTask     *task,
                     GError    **error)
{
  gint64 deadline = deadline_after (self->startup_timeout);
  GSource *wake = NULL;
  gboolean stuck = FALSE;

  while (!hb_task_is_finished (task))
    {
      /* Nothing runnable, nothing waiting outside the clock, and a frozen clock: no
       * amount of waiting can finish initialize, so say so now. */
      if (hb_clock_get_frozen (self->clock) &&
          hb_task_bucket_get_n_runnable (self->bucket) == 0 &&
          hb_task_bucket_get_n_waiting (self->bucket) == 0)
        {
          stuck = TRUE;
          break;
        }
      if (g_get_monotonic_time () >= deadline)
        break;
      pump (self, deadline, &wake);
    }

  g_clear_pointer (&wake, deadline_source_free);

  if (!hb_task_is_finished (task))
    {
      g_autofree char *waits = describe_live_tasks (self);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "Timed out waiting for %s to initialize; still waiting on: %s%s",
                   g_type_name (self->app_type), waits,
                   stuck ? " (the clock is frozen, so nothing can finish it)" : "");
      return FALSE;
    }

  if (hb_task_get_state (task) != HB_TASK_DONE)
    {
      const GError *task_error = hb_task_get_error (task);

      /* Reference hazard #1328: the failure itself, not a timeout. */
      if (task_error != NULL)
        g_propagate_error (error, g_error_copy (task_error));
      else
        g_set_error (error, HB_ERROR, HB_ERROR_CANCELLED,
                     "%s: initialize was cancelled", g_type_name (self->app_type));
      return FALSE;
    }

  return TRUE;
}

gboolean
hb_harness_start (HbHarness  *self,
                  GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  g_autoptr(JsonObject) synthesized = NULL;
  g_autoptr(JsonObject) validated = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(HbTask) task = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *unique_name = NULL;
  const char *type_name;
  const char *instance_name;
  HbConfigSchema *schema;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->phase == PHASE_STARTING || self->phase == PHASE_RUNNING)
    {
      g_set_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_ALREADY_STARTED,
                   "start: the harness for %s is already started",
                   g_type_name (self->app_type));
      return FALSE;
    }
  if (!check_not_stopped (self, "start", error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  type_name = g_type_name (self->app_type);

  synthesized = _hb_app_synthesize_manifest (self->app_type);
  self->class_lock = _hb_class_lock_enter (self->app_type, synthesized);
  self->phase = PHASE_STARTING;

  /* The class lock covers only the manifest read-modify-write (the reference's design 2
   * also put validation under it, because validation wrote a class-level cell there);
   * the schema never changes after class_init, so validating needs no lock. */
  self->app_class = g_type_class_ref (self->app_type);
  schema = hb_app_class_get_config_schema (self->app_class);
  validated = hb_config_schema_validate (schema, self->config, &local_error);
  if (validated == NULL)
    {
      teardown (self, FALSE);
      g_prefix_error (&local_error, "AppConfigurationError for %s: ", type_name);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!self->start_time_set)
    {
      /* Like the reference: a live clock at the real now. freeze_time() freezes it. */
      g_autoptr(GDateTime) real_now = g_date_time_new_now_utc ();

      hb_clock_freeze (self->clock, real_now);
      if (!hb_clock_unfreeze (self->clock, 1.0, &local_error))
        g_error ("Could not start the clock: %s", local_error->message);
    }

  instance_name = json_object_get_string_member_with_default (validated, "instance_name", "");
  unique_name = _hb_app_make_unique_name (type_name, instance_name);
  self->bus = hb_bus_new (self->clock, self->bucket, self->states, unique_name);
  self->scheduler = hb_scheduler_new (self->clock, self->bucket, unique_name, self->seed);
  self->app = g_object_new (self->app_type, NULL);
  manifest = _hb_class_lock_dup_manifest (self->app_type);
  _hb_app_attach (self->app, self->bus, self->scheduler, self->api, self->states, self->bucket,
                  self->clock, validated, manifest);

  task = hb_task_bucket_run (self->bucket, INITIALIZE_TASK_NAME, unique_name,
                             initialize_step, g_object_ref (self->app), g_object_unref);

  if (!wait_for_initialize (self, task, error))
    {
      teardown (self, FALSE);
      /* The initialize failure is the error; nothing else from this start is reported. */
      g_clear_object (&self->collecting);
      self->collecting = hb_drain_report_new ();
      return FALSE;
    }

  /* Failures of other tasks started meanwhile stay in `collecting` for the first report. */
  self->phase = PHASE_RUNNING;
  return TRUE;
}

gboolean
hb_harness_stop (HbHarness  *self,
                 GError    **error)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->phase == PHASE_STOPPED)
    return TRUE;

  if (self->phase == PHASE_NEW)
    {
      self->phase = PHASE_STOPPED;
      return TRUE;
    }

  {
    g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (self->context);

    teardown (self, self->phase == PHASE_RUNNING);
  }

  /* A failure nobody drained yet (or one during shutdown) is not lost. */
  if (hb_drain_report_get_n_failures (self->collecting) > 0)
    return publish_report (self, FALSE, 0, error);

  return TRUE;
}

gboolean
hb_harness_is_running (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);

  return self->phase == PHASE_RUNNING;
}

/* Configuration before start */

void
hb_harness_set_start_time (HbHarness *self,
                           GDateTime *start_time)
{
  g_return_if_fail (HB_IS_HARNESS (self));
  g_return_if_fail (start_time != NULL);
  g_return_if_fail (self->phase == PHASE_NEW);

  hb_clock_freeze (self->clock, start_time);
  self->start_time_set = TRUE;
}

void
hb_harness_set_time_zone (HbHarness *self,
                          GTimeZone *time_zone)
{
  g_return_if_fail (HB_IS_HARNESS (self));
  g_return_if_fail (time_zone != NULL);
  g_return_if_fail (self->phase == PHASE_NEW);

  hb_clock_set_time_zone (self->clock, time_zone);
}

void
hb_harness_set_seed (HbHarness *self,
                     guint64    seed)
{
  g_return_if_fail (HB_IS_HARNESS (self));
  g_return_if_fail (self->phase == PHASE_NEW);

  self->seed = seed;
}

gboolean
hb_harness_set_startup_timeout (HbHarness  *self,
                                double      seconds,
                                GError    **error)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (seconds, "set_startup_timeout", "seconds", error))
    return FALSE;
  if (!check_not_stopped (self, "set_startup_timeout", error))
    return FALSE;
  if (self->phase != PHASE_NEW)
    {
      g_set_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_ALREADY_STARTED,
                   "set_startup_timeout: the harness for %s is already started",
                   g_type_name (self->app_type));
      return FALSE;
    }

  self->startup_timeout = seconds;
  return TRUE;
}

/* Seeding */

/* @last_changed, @last_updated: (nullable): canonical instants; NULL means the epoch */
static void
seed_state (HbHarness  *self,
            const char *entity_id,
            const char *state,
            JsonObject *attributes,
            const char *last_changed,
            const char *last_updated)
{
  g_autofree char *context_id = next_context_id (self);
  g_autoptr(HbState) seeded = NULL;

  if (last_changed == NULL)
    last_changed = EPOCH_TIMESTAMP;
  if (last_updated == NULL)
    last_updated = last_changed;
  seeded = hb_state_new (entity_id, state, attributes, last_changed, last_updated, context_id);
  hb_states_set (self->states, seeded);
}

gboolean
hb_harness_set_state (HbHarness   *self,
                      const char  *entity_id,
                      const char  *state,
                      JsonObject  *attributes,
                      GError     **error)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_entity_id (entity_id, "set_state", error))
    return FALSE;
  if (state == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "set_state: the state of '%s' must not be NULL", entity_id);
      return FALSE;
    }
  if (!check_not_stopped (self, "set_state", error))
    return FALSE;

  seed_state (self, entity_id, state, attributes, NULL, NULL);
  return TRUE;
}

/* Home Assistant's text for an instant, made canonical; NULL with @error when it is not
 * one. */
static char *
seed_time (const char  *entity_id,
           JsonNode    *node,
           const char  *what,
           GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) instant = NULL;
  g_autoptr(GError) local_error = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    instant = hb_parse_instant (json_node_get_string (node), utc, &local_error);
  if (instant == NULL)
    {
      g_autofree char *text = hb_json_to_string (node);

      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "set_states: the %s of '%s' must be an ISO 8601 instant, got %s%s%s",
                   what, entity_id, text, local_error ? ": " : "",
                   local_error ? local_error->message : "");
      return NULL;
    }
  return hb_format_instant (instant);
}

/* {entity: "state"} or {entity: ["state", {attributes}, "last_changed", "last_updated"]}
 * (the last three optional); anything else names the entity. */
static gboolean
parse_seed_value (const char   *entity_id,
                  JsonNode     *value,
                  const char  **state,
                  JsonObject  **attributes,
                  char        **last_changed,
                  char        **last_updated,
                  GError      **error)
{
  *attributes = NULL;
  *last_changed = *last_updated = NULL;

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    {
      *state = json_node_get_string (value);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);
      guint length = json_array_get_length (array);
      JsonNode *first = length > 0 ? json_array_get_element (array, 0) : NULL;
      JsonNode *second = length > 1 ? json_array_get_element (array, 1) : NULL;

      if (length >= 1 && length <= 4 &&
          JSON_NODE_HOLDS_VALUE (first) && json_node_get_value_type (first) == G_TYPE_STRING &&
          (second == NULL || JSON_NODE_HOLDS_OBJECT (second)))
        {
          g_autofree char *changed = NULL;
          g_autofree char *updated = NULL;

          if (length > 2 &&
              (changed = seed_time (entity_id, json_array_get_element (array, 2),
                                    "last_changed", error)) == NULL)
            return FALSE;
          if (length > 3 &&
              (updated = seed_time (entity_id, json_array_get_element (array, 3),
                                    "last_updated", error)) == NULL)
            return FALSE;
          *state = json_node_get_string (first);
          *attributes = second != NULL ? json_node_get_object (second) : NULL;
          *last_changed = g_steal_pointer (&changed);
          *last_updated = g_steal_pointer (&updated);
          return TRUE;
        }
    }

  {
    g_autofree char *text = hb_json_to_string (value);

    g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                 "set_states: the value for '%s' must be \"state\" or [\"state\", "
                 "{attributes}, \"last_changed\", \"last_updated\"], got %s",
                 entity_id, text);
  }
  return FALSE;
}

gboolean
hb_harness_set_states (HbHarness   *self,
                       JsonObject  *states,
                       GError     **error)
{
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (states != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  members = json_object_get_members (states);

  /* Everything is checked first: a bad entry seeds nothing. */
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *state;
      JsonObject *attributes;
      g_autofree char *last_changed = NULL;
      g_autofree char *last_updated = NULL;

      if (!check_entity_id (l->data, "set_states", error))
        return FALSE;
      if (!parse_seed_value (l->data, json_object_get_member (states, l->data),
                             &state, &attributes, &last_changed, &last_updated, error))
        return FALSE;
    }
  if (!check_not_stopped (self, "set_states", error))
    return FALSE;

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *state;
      JsonObject *attributes;
      g_autofree char *last_changed = NULL;
      g_autofree char *last_updated = NULL;

      if (!parse_seed_value (l->data, json_object_get_member (states, l->data),
                             &state, &attributes, &last_changed, &last_updated, NULL))
        g_assert_not_reached ();
      seed_state (self, l->data, state, attributes, last_changed, last_updated);
    }

  return TRUE;
}

/* Simulation */

static gboolean
emit_and_drain (HbHarness   *self,
                HbEvent     *event,
                double       timeout,
                GError     **error)
{
  hb_bus_emit (self->bus, event);
  return drain_internal (self, timeout, error);
}

static HbState *
make_side (HbHarness  *self,
           const char *entity_id,
           const char *value,
           JsonObject *attributes)
{
  g_autofree char *context_id = NULL;
  const char *now;

  if (value == NULL)
    return NULL;

  context_id = next_context_id (self);
  now = stamp_now (self);
  return hb_state_new (entity_id, value, attributes, now, now, context_id);
}

/* Applies the change to the store, then emits it and drains. The caller pushed the
 * context and checked everything. */
static gboolean
simulate_change (HbHarness   *self,
                 const char  *entity_id,
                 const char  *old_value,
                 const char  *new_value,
                 JsonObject  *old_attrs,
                 JsonObject  *new_attrs,
                 double       timeout,
                 GError     **error)
{
  HbState *stored = hb_states_lookup (self->states, entity_id);
  JsonObject *stored_attrs = stored != NULL ? hb_state_get_attributes (stored) : NULL;
  g_autoptr(HbState) old_state = NULL;
  g_autoptr(HbState) new_state = NULL;
  g_autoptr(HbEvent) event = NULL;
  g_autofree char *context_id = NULL;

  /* NULL takes the stored attributes (none when unseeded); {} means none. HbState
   * copies them, so the new side never aliases the store. */
  old_state = make_side (self, entity_id, old_value, old_attrs != NULL ? old_attrs : stored_attrs);
  new_state = make_side (self, entity_id, new_value, new_attrs != NULL ? new_attrs : stored_attrs);
  context_id = next_context_id (self);
  event = hb_event_new_state_changed (entity_id, old_state, new_state, stamp_now (self),
                                      context_id);

  /* Reference hazard 12 fixed: the store takes the new state even at an equal instant. */
  if (new_state != NULL)
    hb_states_set (self->states, new_state);
  else
    hb_states_remove (self->states, entity_id);

  return emit_and_drain (self, event, timeout, error);
}

gboolean
hb_harness_simulate_state_change (HbHarness   *self,
                                  const char  *entity_id,
                                  const char  *old_value,
                                  const char  *new_value,
                                  JsonObject  *old_attrs,
                                  JsonObject  *new_attrs,
                                  double       timeout,
                                  GError     **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  const char *what = "simulate_state_change";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_entity_id (entity_id, what, error) ||
      !check_running (self, what, error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  return simulate_change (self, entity_id, old_value, new_value, old_attrs, new_attrs,
                          timeout, error);
}

static JsonObject *
attributes_with (JsonObject *base,
                 const char *attribute,
                 JsonNode   *value)
{
  JsonObject *attributes = base != NULL ? hb_json_object_copy (base) : json_object_new ();

  if (value != NULL)
    json_object_set_member (attributes, attribute, json_node_copy (value));
  else if (json_object_has_member (attributes, attribute))
    json_object_remove_member (attributes, attribute);

  return attributes;
}

gboolean
hb_harness_simulate_attribute_change (HbHarness   *self,
                                      const char  *entity_id,
                                      const char  *attribute,
                                      JsonNode    *old_value,
                                      JsonNode    *new_value,
                                      const char  *state,
                                      double       timeout,
                                      GError     **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  g_autoptr(JsonObject) old_attrs = NULL;
  g_autoptr(JsonObject) new_attrs = NULL;
  const char *what = "simulate_attribute_change";
  JsonObject *stored_attrs;
  HbState *stored;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_entity_id (entity_id, what, error) ||
      !check_name (attribute, what, "attribute", error) ||
      !check_running (self, what, error))
    return FALSE;

  stored = hb_states_lookup (self->states, entity_id);
  if (state == NULL && stored == NULL)
    {
      /* Reference hazard 13: no silent "unknown". */
      g_set_error (error, HB_ERROR, HB_ERROR_NOT_FOUND,
                   "%s: entity '%s' is not seeded, so it has no state to keep; seed it "
                   "with hb_harness_set_state() or pass a state", what, entity_id);
      return FALSE;
    }
  if (state == NULL)
    state = hb_state_get_state (stored);

  stored_attrs = stored != NULL ? hb_state_get_attributes (stored) : NULL;
  old_attrs = attributes_with (stored_attrs, attribute, old_value);
  new_attrs = attributes_with (stored_attrs, attribute, new_value);

  pusher = g_main_context_pusher_new (self->context);
  return simulate_change (self, entity_id, state, state, old_attrs, new_attrs, timeout, error);
}

gboolean
hb_harness_simulate_call_service (HbHarness   *self,
                                  const char  *domain,
                                  const char  *service,
                                  JsonObject  *service_data,
                                  double       timeout,
                                  GError     **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  g_autoptr(HbEvent) event = NULL;
  g_autofree char *context_id = NULL;
  const char *what = "simulate_call_service";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_name (domain, what, "domain", error) ||
      !check_name (service, what, "service", error) ||
      !check_running (self, what, error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  context_id = next_context_id (self);
  /* Reference hazard 11 fixed: service data is its own object, so any key goes. */
  event = hb_event_new_call_service (domain, service, service_data, stamp_now (self),
                                     context_id);
  return emit_and_drain (self, event, timeout, error);
}

static gboolean
simulate_topic (HbHarness   *self,
                const char  *topic,
                JsonObject  *data,
                double       timeout,
                GError     **error)
{
  g_autoptr(GMainContextPusher) pusher = g_main_context_pusher_new (self->context);
  g_autofree char *context_id = next_context_id (self);
  const char *origin = g_str_has_prefix (topic, "hassette.") ? "HASSETTE" : "LOCAL";
  g_autoptr(HbEvent) event = hb_event_new (topic, data, stamp_now (self), origin, context_id);

  return emit_and_drain (self, event, timeout, error);
}

gboolean
hb_harness_simulate_component_loaded (HbHarness   *self,
                                      const char  *component,
                                      double       timeout,
                                      GError     **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *what = "simulate_component_loaded";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_name (component, what, "component", error) ||
      !check_running (self, what, error))
    return FALSE;

  data = json_object_new ();
  json_object_set_string_member (data, "component", component);
  return simulate_topic (self, HB_TOPIC_COMPONENT_LOADED, data, timeout, error);
}

gboolean
hb_harness_simulate_service_registered (HbHarness   *self,
                                        const char  *domain,
                                        const char  *service,
                                        double       timeout,
                                        GError     **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *what = "simulate_service_registered";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_name (domain, what, "domain", error) ||
      !check_name (service, what, "service", error) ||
      !check_running (self, what, error))
    return FALSE;

  data = json_object_new ();
  json_object_set_string_member (data, "domain", domain);
  json_object_set_string_member (data, "service", service);
  return simulate_topic (self, HB_TOPIC_SERVICE_REGISTERED, data, timeout, error);
}

gboolean
hb_harness_simulate_homeassistant (HbHarness   *self,
                                   const char  *what_happened,
                                   double       timeout,
                                   GError     **error)
{
  static const char * const services[] = { "start", "stop", "restart", NULL };
  const char *what = "simulate_homeassistant";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error))
    return FALSE;
  if (what_happened == NULL || !g_strv_contains (services, what_happened))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "%s: expected \"start\", \"stop\" or \"restart\", got '%s'",
                   what, what_happened != NULL ? what_happened : "(null)");
      return FALSE;
    }

  return hb_harness_simulate_call_service (self, "homeassistant", what_happened, NULL,
                                           timeout, error);
}

static gboolean
check_status (int          status,
              gboolean     allow_none,
              const char  *what,
              const char  *name,
              GError     **error)
{
  if ((allow_none && status == -1) ||
      (status >= HB_SERVICE_NOT_STARTED && status <= HB_SERVICE_EXHAUSTED_DEAD))
    return TRUE;

  g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
               "%s: %s %d is not a service status", what, name, status);
  return FALSE;
}

static void
set_status_member (JsonObject *data,
                   const char *member,
                   int         status)
{
  if (status < 0)
    json_object_set_null_member (data, member);
  else
    json_object_set_string_member (data, member, hb_service_status_to_string (status));
}

/*
 * "ConnectionError: connection lost" -> type "ConnectionError", text "connection lost",
 * like the reference's str(exc) and type(exc).__name__. Text without a type prefix
 * keeps its whole text and gets the type "Exception".
 */
static void
set_exception_members (JsonObject *data,
                       const char *exception,
                       gboolean    with_type)
{
  const char *colon;
  gboolean has_type = FALSE;

  if (exception == NULL)
    {
      json_object_set_null_member (data, "exception");
      if (with_type)
        json_object_set_null_member (data, "exception_type");
      return;
    }

  colon = strstr (exception, ": ");
  if (colon != NULL && colon > exception)
    {
      has_type = TRUE;
      for (const char *p = exception; p < colon; p++)
        if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.')
          has_type = FALSE;
    }

  if (has_type)
    {
      g_autofree char *type = g_strndup (exception, colon - exception);

      json_object_set_string_member (data, "exception", colon + 2);
      if (with_type)
        json_object_set_string_member (data, "exception_type", type);
    }
  else
    {
      json_object_set_string_member (data, "exception", exception);
      if (with_type)
        json_object_set_string_member (data, "exception_type", "Exception");
    }
}

gboolean
hb_harness_simulate_service_status (HbHarness       *self,
                                    const char      *resource_name,
                                    HbServiceStatus  status,
                                    int              previous,
                                    const char      *exception,
                                    double           timeout,
                                    GError         **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *what = "simulate_service_status";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_name (resource_name, what, "resource_name", error) ||
      !check_status (status, FALSE, what, "status", error) ||
      !check_status (previous, TRUE, what, "previous status", error) ||
      !check_running (self, what, error))
    return FALSE;

  data = json_object_new ();
  json_object_set_string_member (data, "resource_name", resource_name);
  json_object_set_string_member (data, "role", "service");
  set_status_member (data, "status", status);
  set_status_member (data, "previous_status", previous);
  set_exception_members (data, exception, TRUE);
  json_object_set_null_member (data, "exception_traceback");
  json_object_set_null_member (data, "retry_at");
  json_object_set_boolean_member (data, "ready", FALSE);
  json_object_set_null_member (data, "ready_phase");

  return simulate_topic (self, HB_TOPIC_SERVICE_STATUS, data, timeout, error);
}

gboolean
hb_harness_simulate_websocket (HbHarness   *self,
                               gboolean     connected,
                               double       timeout,
                               GError     **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *what = "simulate_websocket";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_running (self, what, error))
    return FALSE;

  data = json_object_new ();
  return simulate_topic (self,
                         connected ? HB_TOPIC_WEBSOCKET_CONNECTED : HB_TOPIC_WEBSOCKET_DISCONNECTED,
                         data, timeout, error);
}

gboolean
hb_harness_simulate_app_state_changed (HbHarness       *self,
                                       const char      *app_key,
                                       HbServiceStatus  status,
                                       int              previous,
                                       const char      *exception,
                                       double           timeout,
                                       GError         **error)
{
  g_autoptr(JsonObject) data = NULL;
  const char *what = "simulate_app_state_changed";
  gboolean own;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      (app_key != NULL && !check_name (app_key, what, "app_key", error)) ||
      !check_status (status, FALSE, what, "status", error) ||
      !check_status (previous, TRUE, what, "previous status", error) ||
      !check_running (self, what, error))
    return FALSE;

  own = app_key == NULL || g_strcmp0 (app_key, hb_app_get_app_key (self->app)) == 0;

  data = json_object_new ();
  json_object_set_string_member (data, "app_key", own ? hb_app_get_app_key (self->app) : app_key);
  json_object_set_int_member (data, "index", 0);
  set_status_member (data, "status", status);
  set_status_member (data, "previous_status", previous);
  /* Another app's names are unknown here: null rather than invented. */
  if (own)
    {
      json_object_set_string_member (data, "instance_name", hb_app_get_instance_name (self->app));
      json_object_set_string_member (data, "class_name", g_type_name (self->app_type));
    }
  else
    {
      json_object_set_null_member (data, "instance_name");
      json_object_set_null_member (data, "class_name");
    }
  set_exception_members (data, exception, FALSE);

  return simulate_topic (self, HB_TOPIC_APP_STATE_CHANGED, data, timeout, error);
}

/* A raw state_changed event updates the store like a simulated change. */
static gboolean
apply_raw_state_changed (HbHarness   *self,
                         JsonObject  *data,
                         GError     **error)
{
  const char *what = "simulate_event";
  const char *entity_id;
  JsonNode *new_node;
  JsonNode *id_node = data != NULL ? json_object_get_member (data, "entity_id") : NULL;

  if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) ||
      json_node_get_value_type (id_node) != G_TYPE_STRING)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "%s: a state_changed event needs a string entity_id", what);
      return FALSE;
    }
  entity_id = json_node_get_string (id_node);
  if (!check_entity_id (entity_id, what, error))
    return FALSE;

  new_node = json_object_get_member (data, "new_state");
  if (new_node != NULL && JSON_NODE_HOLDS_OBJECT (new_node))
    {
      g_autoptr(HbState) state = hb_state_new_from_json (json_node_get_object (new_node), error);

      if (state == NULL)
        {
          g_prefix_error (error, "%s: new_state of '%s': ", what, entity_id);
          return FALSE;
        }
      hb_states_set (self->states, state);
    }
  else if (new_node == NULL || JSON_NODE_HOLDS_NULL (new_node))
    hb_states_remove (self->states, entity_id);
  else
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "%s: new_state of '%s' must be an object or null", what, entity_id);
      return FALSE;
    }

  return TRUE;
}

gboolean
hb_harness_simulate_event (HbHarness   *self,
                           const char  *topic,
                           JsonObject  *data,
                           double       timeout,
                           GError     **error)
{
  const char *what = "simulate_event";

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, what, "timeout", error) ||
      !check_name (topic, what, "topic", error) ||
      !check_running (self, what, error))
    return FALSE;

  if (g_strcmp0 (topic, HB_TOPIC_STATE_CHANGED) == 0 &&
      !apply_raw_state_changed (self, data, error))
    return FALSE;

  return simulate_topic (self, topic, data, timeout, error);
}

/* Drain and time */

gboolean
hb_harness_drain (HbHarness  *self,
                  double      timeout,
                  GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, "drain", "timeout", error) ||
      !check_running (self, "drain", error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  return drain_internal (self, timeout, error);
}

HbDrainReport *
hb_harness_get_drain_report (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->report;
}

gboolean
hb_harness_freeze_time (HbHarness  *self,
                        GDateTime  *at,
                        GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_running (self, "freeze_time", error))
    return FALSE;
  if (!_hb_time_lock_acquire (self, error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  hb_clock_freeze (self->clock, at);
  return TRUE;
}

static gboolean
check_frozen (HbHarness   *self,
              const char  *what,
              GError     **error)
{
  if (!hb_clock_get_frozen (self->clock))
    {
      g_set_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_NOT_FROZEN,
                   "%s requires a frozen clock: call hb_harness_freeze_time() (or "
                   "hb_harness_set_start_time() before start) first", what);
      return FALSE;
    }
  return TRUE;
}

gboolean
hb_harness_advance_time (HbHarness  *self,
                         double      seconds,
                         GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (seconds, "advance_time", "seconds", error) ||
      !check_running (self, "advance_time", error) ||
      !check_frozen (self, "advance_time", error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  return hb_clock_advance (self->clock, seconds, error);
}

int
hb_harness_trigger_due_jobs (HbHarness  *self,
                             GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  guint n_fired;

  g_return_val_if_fail (HB_IS_HARNESS (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_running (self, "trigger_due_jobs", error))
    return -1;

  pusher = g_main_context_pusher_new (self->context);
  n_fired = hb_clock_fire_due (self->clock);
  /* One snapshot of the run queue: what the due work queued runs now; work that keeps
   * queueing more waits for the next drain, which has a deadline (it cannot hang here). */
  _hb_task_bucket_run_queued (self->bucket);

  if (!publish_report (self, FALSE, 0, error))
    return -1;
  return (int) MIN (n_fired, (guint) G_MAXINT);
}

int
hb_harness_step (HbHarness  *self,
                 double      seconds,
                 double      timeout,
                 GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  guint n_fired;

  g_return_val_if_fail (HB_IS_HARNESS (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_seconds (seconds, "step", "seconds", error) ||
      !check_seconds (timeout, "step", "timeout", error) ||
      !check_running (self, "step", error) ||
      !check_frozen (self, "step", error))
    return -1;

  pusher = g_main_context_pusher_new (self->context);
  if (!hb_clock_advance (self->clock, seconds, error))
    return -1;
  n_fired = hb_clock_fire_due (self->clock);
  /* One report for the jobs and whatever they set off. */
  if (!drain_internal (self, timeout, error))
    return -1;
  return (int) MIN (n_fired, (guint) G_MAXINT);
}

int
hb_harness_next_job (HbHarness  *self,
                     double      timeout,
                     GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  guint n_fired = 0;
  gint64 due;

  g_return_val_if_fail (HB_IS_HARNESS (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_seconds (timeout, "next_job", "timeout", error) ||
      !check_running (self, "next_job", error))
    return -1;

  pusher = g_main_context_pusher_new (self->context);
  if (hb_clock_peek_next (self->clock, HB_CLOCK_ENTRY_JOB, &due))
    {
      if (due > hb_clock_get_now_usec (self->clock))
        {
          if (!check_frozen (self, "next_job", error) ||
              !hb_clock_set_usec (self->clock, due, error))
            return -1;
        }
      n_fired = hb_clock_fire_due (self->clock);
    }

  if (!drain_internal (self, timeout, error))
    return -1;
  return (int) MIN (n_fired, (guint) G_MAXINT);
}

/* The app's scheduled job named @name, or HB_ERROR_NOT_FOUND naming it. */
static HbJob *
lookup_job (HbHarness   *self,
            const char  *name,
            GError     **error)
{
  HbJob *job = hb_scheduler_lookup_job (self->scheduler, name);

  if (job == NULL)
    g_set_error (error, HB_ERROR, HB_ERROR_NOT_FOUND, "No job named '%s' is scheduled", name);
  return job;
}

gboolean
hb_harness_remove_job (HbHarness   *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  HbJob *job;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_running (self, "remove_job", error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  job = lookup_job (self, name, error);
  if (job == NULL)
    return FALSE;
  hb_scheduler_remove_job (self->scheduler, job);
  return TRUE;
}

gboolean
hb_harness_run_job (HbHarness   *self,
                    const char  *name,
                    double       timeout,
                    GError     **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  HbJob *job;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, "run_job", "timeout", error) ||
      !check_running (self, "run_job", error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  job = lookup_job (self, name, error);
  if (job == NULL || !hb_scheduler_run_job_now (self->scheduler, job, error))
    return FALSE;
  return drain_internal (self, timeout, error);
}

gboolean
hb_harness_finish (HbHarness  *self,
                   double      timeout,
                   GError    **error)
{
  g_autoptr(GMainContextPusher) pusher = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_auto(GStrv) listeners = NULL;
  g_autoptr(GString) message = NULL;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_seconds (timeout, "finish", "timeout", error) ||
      !check_running (self, "finish", error))
    return FALSE;

  pusher = g_main_context_pusher_new (self->context);
  if (!drain_internal (self, timeout, error))
    return FALSE;

  jobs = hb_scheduler_list_jobs (self->scheduler, NULL);
  tasks = hb_task_bucket_list_live (self->bucket);
  listeners = hb_bus_list_listener_names (self->bus);
  if (jobs->len == 0 && tasks->len == 0 && g_strv_length (listeners) == 0)
    return TRUE;

  message = g_string_new ("finish: still alive —");
  if (jobs->len > 0)
    {
      g_string_append_printf (message, " %u job%s: ", jobs->len, jobs->len == 1 ? "" : "s");
      for (guint i = 0; i < jobs->len; i++)
        {
          HbJob *job = g_ptr_array_index (jobs, i);
          g_autofree char *next_run = format_usec (self, hb_job_get_next_run_usec (job));

          g_string_append_printf (message, "%s%s (next run %s)", i > 0 ? ", " : "",
                                  hb_job_get_name (job), next_run);
        }
      g_string_append_c (message, ';');
    }
  if (tasks->len > 0)
    {
      g_string_append_printf (message, " %u task%s: ", tasks->len, tasks->len == 1 ? "" : "s");
      for (guint i = 0; i < tasks->len; i++)
        {
          if (i > 0)
            g_string_append (message, ", ");
          append_task_description (message, g_ptr_array_index (tasks, i));
        }
      g_string_append_c (message, ';');
    }
  if (listeners[0] != NULL)
    {
      guint n = g_strv_length (listeners);

      g_string_append_printf (message, " %u listener%s: ", n, n == 1 ? "" : "s");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (message, "%s%s", i > 0 ? ", " : "", listeners[i]);
      g_string_append_c (message, ';');
    }
  g_string_truncate (message, message->len - 1);

  g_set_error_literal (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STILL_ALIVE, message->str);
  return FALSE;
}

/* Accessors */

HbRecordingApi *
hb_harness_get_api (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->api;
}

HbApp *
hb_harness_get_app (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->app;
}

HbBus *
hb_harness_get_bus (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->bus;
}

HbScheduler *
hb_harness_get_scheduler (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->scheduler;
}

HbStates *
hb_harness_get_states (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->states;
}

HbClock *
hb_harness_get_clock (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->clock;
}

HbTaskBucket *
hb_harness_get_task_bucket (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->bucket;
}

GMainContext *
hb_harness_get_context (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), NULL);

  return self->context;
}

GType
hb_harness_get_app_type (HbHarness *self)
{
  g_return_val_if_fail (HB_IS_HARNESS (self), G_TYPE_INVALID);

  return self->app_type;
}
