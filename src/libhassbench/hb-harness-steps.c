/* hb-harness-steps.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-step.h"
#include "hb-step-private.h"
#include "hb-outcome.h"
#include "hb-outcome-private.h"
#include "hb-api-call.h"
#include "hb-bus.h"
#include "hb-clock.h"
#include "hb-drain-report.h"
#include "hb-error.h"
#include "hb-event.h"
#include "hb-harness.h"
#include "hb-job.h"
#include "hb-json.h"
#include "hb-json-text-private.h"
#include "hb-recording-api.h"
#include "hb-scheduler.h"
#include "hb-state.h"
#include "hb-states.h"
#include "hb-task.h"
#include "hb-task-bucket.h"

/*
 * Recording what a step does: handlers on the harness's objects, connected once and kept
 * (connecting eight handlers per step cost more than the step), that note into the
 * outcome being recorded and ignore everything while there is none.
 */
enum {
  CONN_BUS,
  CONN_BUCKET,
  CONN_API,
  CONN_SCHEDULER,
  CONN_STATES,
  N_CONNECTIONS
};

typedef struct
{
  /* Weak: the harness owns these objects, and may replace or drop them. */
  GWeakRef  object;
  gulong    ids[3];
} Connection;

/*
 * What expectations need to know about earlier steps, and the recorder, kept on the
 * harness (it belongs to another part, so this rides along as qdata and dies with it).
 */
typedef struct
{
  gboolean    have_action;
  /* The last action's failure, and the drain report JSON taken right after it. */
  GError     *last_error;
  JsonObject *last_drain;
  /* Jobs fired by the last trigger_due_jobs / step / next_job; -1 before any. */
  int         last_jobs_fired;
  gboolean    have_trigger;

  /* (nullable): the outcome being recorded right now */
  HbOutcome  *recording;
  HbClock    *clock;
  Connection  connections[N_CONNECTIONS];

  /* The clock text of the last outcome: most steps do not move the clock, and formatting
   * it costs a GDateTime. */
  gint64      clock_usec;
  char       *clock_text;
} StepState;

static void
disconnect (Connection *connection)
{
  g_autoptr(GObject) object = g_weak_ref_get (&connection->object);

  for (guint i = 0; i < G_N_ELEMENTS (connection->ids); i++)
    {
      if (object != NULL && connection->ids[i] != 0)
        g_signal_handler_disconnect (object, connection->ids[i]);
      connection->ids[i] = 0;
    }
  g_weak_ref_set (&connection->object, NULL);
}

static void
step_state_free (gpointer data)
{
  StepState *state = data;

  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      disconnect (&state->connections[i]);
      g_weak_ref_clear (&state->connections[i].object);
    }
  g_clear_error (&state->last_error);
  g_clear_pointer (&state->last_drain, json_object_unref);
  g_clear_pointer (&state->clock_text, g_free);
  g_free (state);
}

static StepState *
get_step_state (HbHarness *harness)
{
  static GQuark quark;
  StepState *state;

  if G_UNLIKELY (quark == 0)
    quark = g_quark_from_static_string ("hb-harness-step-state");

  state = g_object_get_qdata (G_OBJECT (harness), quark);
  if (state == NULL)
    {
      state = g_new0 (StepState, 1);
      state->last_jobs_fired = -1;
      for (guint i = 0; i < N_CONNECTIONS; i++)
        g_weak_ref_init (&state->connections[i].object, NULL);
      g_object_set_qdata_full (G_OBJECT (harness), quark, state, step_state_free);
    }

  return state;
}

static void
copy_member (JsonObject *to,
             JsonObject *from,
             const char *name)
{
  JsonNode *node;

  if (from == NULL || (node = json_object_get_member (from, name)) == NULL)
    return;

  json_object_set_member (to, name, _hb_json_node_dup (node));
}

static void
on_dispatched (HbBus      *bus,
               HbEvent    *event,
               JsonObject *report,
               gpointer    user_data)
{
  StepState *state = user_data;
  JsonObject *object;
  const char *entity_id;

  if (state->recording == NULL)
    return;

  object = json_object_new ();
  entity_id = hb_event_get_entity_id (event);
  json_object_set_int_member (object, "seq", (gint64) hb_event_get_seq (event));
  json_object_set_string_member (object, "topic", hb_event_get_topic (event));
  if (entity_id != NULL)
    json_object_set_string_member (object, "entity_id", entity_id);
  if (hb_event_get_service (event) != NULL)
    {
      json_object_set_string_member (object, "domain", hb_event_get_domain (event));
      json_object_set_string_member (object, "service", hb_event_get_service (event));
    }
  copy_member (object, report, "ran");
  copy_member (object, report, "filtered");
  copy_member (object, report, "skipped");

  _hb_outcome_add_event (state->recording, object);
}

static void
on_task_started (HbTaskBucket *bucket,
                 HbTask       *task,
                 gpointer      user_data)
{
  StepState *state = user_data;
  JsonObject *object;

  if (state->recording == NULL)
    return;

  object = json_object_new ();
  json_object_set_int_member (object, "id", (gint64) hb_task_get_id (task));
  json_object_set_string_member (object, "name", hb_task_get_name (task));
  if (hb_task_get_owner (task) != NULL)
    json_object_set_string_member (object, "owner", hb_task_get_owner (task));
  json_object_set_string_member (object, "what", "started");

  _hb_outcome_add_task (state->recording, object);
}

static void
on_task_finished (HbTaskBucket *bucket,
                  HbTask       *task,
                  gpointer      user_data)
{
  StepState *state = user_data;
  JsonObject *object;
  HbTaskState task_state;

  if (state->recording == NULL)
    return;

  object = json_object_new ();
  task_state = hb_task_get_state (task);
  json_object_set_int_member (object, "id", (gint64) hb_task_get_id (task));
  json_object_set_string_member (object, "name", hb_task_get_name (task));
  json_object_set_string_member (object, "what", hb_task_state_to_string (task_state));
  if (task_state == HB_TASK_FAILED && hb_task_get_error (task) != NULL)
    json_object_set_string_member (object, "error", hb_task_get_error (task)->message);

  _hb_outcome_add_task (state->recording, object);
}

static void
on_call_recorded (HbRecordingApi *api,
                  HbApiCall      *call,
                  gpointer        user_data)
{
  StepState *state = user_data;
  JsonObject *object;

  if (state->recording == NULL)
    return;

  object = json_object_new ();
  json_object_set_int_member (object, "index", hb_api_call_get_index (call));
  json_object_set_string_member (object, "method", hb_api_call_get_method (call));
  json_object_set_object_member (object, "kwargs",
                                 hb_json_object_copy (hb_api_call_get_kwargs (call)));

  _hb_outcome_add_call (state->recording, object);
}

static void
add_job (StepState  *state,
         HbJob      *job,
         const char *what)
{
  JsonObject *object;
  gint64 next_run;

  if (state->recording == NULL)
    return;

  object = json_object_new ();
  next_run = hb_job_get_next_run_usec (job);
  json_object_set_string_member (object, "what", what);
  json_object_set_string_member (object, "name", hb_job_get_name (job));
  if (next_run > 0 && state->clock != NULL && hb_job_get_status (job) == HB_JOB_SCHEDULED)
    {
      g_autoptr(GDateTime) dt = hb_clock_to_date_time (state->clock, next_run);

      if (dt != NULL)
        {
          g_autofree char *text = hb_format_instant (dt);
          json_object_set_string_member (object, "next_run", text);
        }
    }

  _hb_outcome_add_job (state->recording, object);
}

static void
on_job_added (HbScheduler *scheduler,
              HbJob       *job,
              gpointer     user_data)
{
  add_job (user_data, job, "added");
}

static void
on_job_fired (HbScheduler *scheduler,
              HbJob       *job,
              gpointer     user_data)
{
  add_job (user_data, job, "fired");
}

static void
on_job_removed (HbScheduler *scheduler,
                HbJob       *job,
                gpointer     user_data)
{
  add_job (user_data, job, "removed");
}

static void
on_state_changed (HbStates   *states,
                  const char *entity_id,
                  HbState    *old_state,
                  HbState    *new_state,
                  gpointer    user_data)
{
  StepState *state = user_data;
  JsonObject *object;

  if (state->recording == NULL)
    return;

  object = json_object_new ();
  json_object_set_string_member (object, "entity_id", entity_id);
  if (new_state != NULL)
    json_object_set_string_member (object, "state", hb_state_get_state (new_state));
  else
    json_object_set_null_member (object, "state");

  _hb_outcome_add_state (state->recording, object);
}

typedef struct
{
  const char *signal;
  GCallback   callback;
} Handler;

/* Connects @handlers to @object unless already connected to it. */
static void
ensure_connected (StepState     *state,
                  guint          which,
                  gpointer       object,
                  const Handler *handlers,
                  guint          n_handlers)
{
  Connection *connection = &state->connections[which];
  g_autoptr(GObject) current = g_weak_ref_get (&connection->object);

  g_assert (n_handlers <= G_N_ELEMENTS (connection->ids));

  if (current == object)
    return;

  disconnect (connection);
  if (object == NULL)
    return;

  g_weak_ref_set (&connection->object, object);
  for (guint i = 0; i < n_handlers; i++)
    connection->ids[i] = g_signal_connect (object, handlers[i].signal, handlers[i].callback,
                                           state);
}

static void
recorder_start (StepState *state,
                HbHarness *harness,
                HbOutcome *outcome)
{
  static const Handler bus[] = {
    { "dispatched", G_CALLBACK (on_dispatched) },
  };
  static const Handler bucket[] = {
    { "task-started", G_CALLBACK (on_task_started) },
    { "task-finished", G_CALLBACK (on_task_finished) },
  };
  static const Handler api[] = {
    { "call-recorded", G_CALLBACK (on_call_recorded) },
  };
  static const Handler scheduler[] = {
    { "job-added", G_CALLBACK (on_job_added) },
    { "job-fired", G_CALLBACK (on_job_fired) },
    { "job-removed", G_CALLBACK (on_job_removed) },
  };
  static const Handler states[] = {
    { "state-changed", G_CALLBACK (on_state_changed) },
  };

  /* Any of these may not exist yet before the harness started, or change when it does. */
  ensure_connected (state, CONN_BUS, hb_harness_get_bus (harness), bus, G_N_ELEMENTS (bus));
  ensure_connected (state, CONN_BUCKET, hb_harness_get_task_bucket (harness), bucket,
                    G_N_ELEMENTS (bucket));
  ensure_connected (state, CONN_API, hb_harness_get_api (harness), api, G_N_ELEMENTS (api));
  ensure_connected (state, CONN_SCHEDULER, hb_harness_get_scheduler (harness), scheduler,
                    G_N_ELEMENTS (scheduler));
  ensure_connected (state, CONN_STATES, hb_harness_get_states (harness), states,
                    G_N_ELEMENTS (states));

  state->clock = hb_harness_get_clock (harness);
  state->recording = outcome;
}

static void
recorder_stop (StepState *state)
{
  state->recording = NULL;
  state->clock = NULL;
}

/*
 * Actions.
 */
static const char *
string_or_null (HbStep     *step,
                const char *field)
{
  return hb_step_get_string (step, field);
}

static gboolean
parse_status (HbStep          *step,
              const char      *field,
              int             *status,
              GError         **error)
{
  const char *text = hb_step_get_string (step, field);
  HbServiceStatus value;

  if (text == NULL)
    {
      *status = -1;
      return TRUE;
    }

  /* Validated when the step was made; this only maps the name. */
  if (!hb_service_status_from_string (text, &value, error))
    return FALSE;
  *status = (int) value;

  return TRUE;
}

static gboolean
apply_freeze_time (HbHarness  *harness,
                   HbStep     *step,
                   GError    **error)
{
  const char *at = hb_step_get_string (step, "at");
  g_autoptr(GDateTime) instant = NULL;

  if (at != NULL)
    {
      GTimeZone *zone = hb_clock_get_time_zone (hb_harness_get_clock (harness));

      instant = hb_parse_instant (at, zone, error);
      if (instant == NULL)
        return FALSE;
    }

  return hb_harness_freeze_time (harness, instant, error);
}

/* Returns jobs fired (>= 0) for triggering kinds, 0 for others, -1 on failure. */
static int
apply_action (HbHarness  *harness,
              HbStep     *step,
              GError    **error)
{
  double timeout = hb_step_get_timeout (step);
  gboolean ok = FALSE;

  switch (hb_step_get_kind (step))
    {
    case HB_STEP_SET_STATE:
      ok = hb_harness_set_state (harness, hb_step_get_string (step, "entity_id"),
                                 hb_step_get_string (step, "state"),
                                 hb_step_get_object (step, "attributes"), error);
      break;

    case HB_STEP_SET_STATES:
      ok = hb_harness_set_states (harness, hb_step_get_object (step, "states"), error);
      break;

    case HB_STEP_SIMULATE_STATE_CHANGE:
      ok = hb_harness_simulate_state_change (harness, hb_step_get_string (step, "entity_id"),
                                             string_or_null (step, "old_value"),
                                             string_or_null (step, "new_value"),
                                             hb_step_get_object (step, "old_attrs"),
                                             hb_step_get_object (step, "new_attrs"),
                                             timeout, error);
      break;

    case HB_STEP_SIMULATE_ATTRIBUTE_CHANGE:
      ok = hb_harness_simulate_attribute_change (harness,
                                                 hb_step_get_string (step, "entity_id"),
                                                 hb_step_get_string (step, "attribute"),
                                                 hb_step_get_field (step, "old_value"),
                                                 hb_step_get_field (step, "new_value"),
                                                 hb_step_get_string (step, "state"),
                                                 timeout, error);
      break;

    case HB_STEP_SIMULATE_CALL_SERVICE:
      ok = hb_harness_simulate_call_service (harness, hb_step_get_string (step, "domain"),
                                             hb_step_get_string (step, "service"),
                                             hb_step_get_object (step, "service_data"),
                                             timeout, error);
      break;

    case HB_STEP_SIMULATE_COMPONENT_LOADED:
      ok = hb_harness_simulate_component_loaded (harness,
                                                 hb_step_get_string (step, "component"),
                                                 timeout, error);
      break;

    case HB_STEP_SIMULATE_SERVICE_REGISTERED:
      ok = hb_harness_simulate_service_registered (harness,
                                                   hb_step_get_string (step, "domain"),
                                                   hb_step_get_string (step, "service"),
                                                   timeout, error);
      break;

    case HB_STEP_SIMULATE_HOMEASSISTANT:
      ok = hb_harness_simulate_homeassistant (harness, hb_step_get_string (step, "what"),
                                              timeout, error);
      break;

    case HB_STEP_SIMULATE_SERVICE_STATUS:
      {
        int status;
        int previous;

        ok = parse_status (step, "status", &status, error) &&
             parse_status (step, "previous_status", &previous, error) &&
             hb_harness_simulate_service_status (harness,
                                                 hb_step_get_string (step, "resource_name"),
                                                 (HbServiceStatus) status, previous,
                                                 hb_step_get_string (step, "exception"),
                                                 timeout, error);
      }
      break;

    case HB_STEP_SIMULATE_WEBSOCKET:
      ok = hb_harness_simulate_websocket (harness,
                                          json_node_get_boolean (hb_step_get_field (step,
                                                                                    "connected")),
                                          timeout, error);
      break;

    case HB_STEP_SIMULATE_APP_STATE_CHANGED:
      {
        int status;
        int previous;

        ok = parse_status (step, "status", &status, error) &&
             parse_status (step, "previous_status", &previous, error) &&
             hb_harness_simulate_app_state_changed (harness,
                                                    hb_step_get_string (step, "app_key"),
                                                    (HbServiceStatus) status, previous,
                                                    hb_step_get_string (step, "exception"),
                                                    timeout, error);
      }
      break;

    case HB_STEP_SIMULATE_EVENT:
      ok = hb_harness_simulate_event (harness, hb_step_get_string (step, "topic"),
                                      hb_step_get_object (step, "data"), timeout, error);
      break;

    case HB_STEP_FREEZE_TIME:
      ok = apply_freeze_time (harness, step, error);
      break;

    case HB_STEP_ADVANCE_TIME:
      ok = hb_harness_advance_time (harness, hb_step_get_seconds (step), error);
      break;

    case HB_STEP_TRIGGER_DUE_JOBS:
      return hb_harness_trigger_due_jobs (harness, error);

    case HB_STEP_STEP:
      return hb_harness_step (harness, hb_step_get_seconds (step), timeout, error);

    case HB_STEP_NEXT_JOB:
      return hb_harness_next_job (harness, timeout, error);

    case HB_STEP_DRAIN:
      ok = hb_harness_drain (harness, timeout, error);
      break;

    case HB_STEP_FINISH:
      ok = hb_harness_finish (harness, timeout, error);
      break;

    case HB_STEP_REMOVE_JOB:
      ok = hb_harness_remove_job (harness, hb_step_get_string (step, "name"), error);
      break;

    case HB_STEP_RUN_JOB:
      ok = hb_harness_run_job (harness, hb_step_get_string (step, "name"), timeout, error);
      break;

    case HB_STEP_EXPECT_CALLED:
    case HB_STEP_EXPECT_CALLED_EXACT:
    case HB_STEP_EXPECT_NOT_CALLED:
    case HB_STEP_EXPECT_CALL_COUNT:
    case HB_STEP_EXPECT_STATE:
    case HB_STEP_EXPECT_JOBS:
    case HB_STEP_EXPECT_DRAIN_ERROR:
    case HB_STEP_EXPECT_TRIGGER_COUNT:
    default:
      g_assert_not_reached ();
    }

  return ok ? 0 : -1;
}

/*
 * Expectations.
 */
G_GNUC_PRINTF (3, 4)
static gboolean
expectation_failed (GError     **error,
                    int          code,
                    const char  *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (HB_ASSERTION_ERROR, code, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
expect_state (HbHarness  *harness,
              HbStep     *step,
              GError    **error)
{
  const char *entity_id = hb_step_get_string (step, "entity_id");
  JsonNode *expected_state = hb_step_get_field (step, "state");
  JsonObject *expected_attrs = hb_step_get_object (step, "attributes");
  HbStates *states = hb_harness_get_states (harness);
  HbState *state = states != NULL ? hb_states_lookup (states, entity_id) : NULL;
  g_autoptr(GString) problems = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *want;

  if (expected_state != NULL && JSON_NODE_HOLDS_NULL (expected_state))
    {
      if (state != NULL)
        return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                                   "Expected %s not to exist, but its state is '%s'",
                                   entity_id, hb_state_get_state (state));
      return TRUE;
    }

  if (state == NULL)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected %s to exist%s%s%s, but it is not in the state store",
                               entity_id,
                               expected_state ? " with state '" : "",
                               expected_state ? json_node_get_string (expected_state) : "",
                               expected_state ? "'" : "");

  problems = g_string_new (NULL);

  if (expected_state != NULL &&
      g_strcmp0 (json_node_get_string (expected_state), hb_state_get_state (state)) != 0)
    g_string_append_printf (problems, "; state: expected '%s', got '%s'",
                            json_node_get_string (expected_state), hb_state_get_state (state));

  if (expected_attrs != NULL)
    {
      json_object_iter_init_ordered (&iter, expected_attrs);
      while (json_object_iter_next_ordered (&iter, &name, &want))
        {
          JsonNode *have = hb_state_get_attribute (state, name);
          g_autoptr(GString) w = g_string_new (NULL);

          _hb_json_text_write (w, want, 0, 0);
          if (have == NULL)
            {
              g_string_append_printf (problems, "; attribute '%s': expected %s, but it is "
                                      "missing", name, w->str);
            }
          else if (!hb_json_equal (want, have))
            {
              g_autoptr(GString) h = g_string_new (NULL);

              _hb_json_text_write (h, have, 0, 0);
              g_string_append_printf (problems, "; attribute '%s': expected %s, got %s",
                                      name, w->str, h->str);
            }
        }
    }

  if (problems->len > 0)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE, "%s does not match%s",
                               entity_id, problems->str);

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
describe_jobs (HbHarness *harness,
               GPtrArray *jobs)
{
  GString *out = g_string_new (NULL);
  HbClock *clock = hb_harness_get_clock (harness);

  if (jobs->len == 0)
    g_string_append (out, "none");

  for (guint i = 0; i < jobs->len; i++)
    {
      HbJob *job = g_ptr_array_index (jobs, i);
      gint64 next_run = hb_job_get_next_run_usec (job);

      g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", hb_job_get_name (job));
      if (next_run > 0 && clock != NULL)
        {
          g_autoptr(GDateTime) dt = hb_clock_to_date_time (clock, next_run);
          g_autofree char *text = dt ? hb_format_instant (dt) : NULL;

          if (text != NULL)
            g_string_append_printf (out, " (next run %s)", text);
        }
    }

  return g_string_free (out, FALSE);
}

static gboolean
expect_jobs (HbHarness  *harness,
             HbStep     *step,
             GError    **error)
{
  HbScheduler *scheduler = hb_harness_get_scheduler (harness);
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 count = hb_step_get_count (step);
  JsonNode *names = hb_step_get_field (step, "names");

  if (scheduler == NULL)
    jobs = g_ptr_array_new ();
  else
    jobs = hb_scheduler_list_jobs (scheduler, NULL);

  if (count >= 0 && (gint64) jobs->len != count)
    {
      g_autofree char *list = describe_jobs (harness, jobs);

      return expectation_failed (error, HB_ASSERTION_ERROR_COUNT,
                                 "Expected %" G_GINT64_FORMAT " scheduled job%s, found %u: %s",
                                 count, count == 1 ? "" : "s", jobs->len, list);
    }

  if (names != NULL)
    {
      JsonArray *array = json_node_get_array (names);
      g_autoptr(GPtrArray) want = g_ptr_array_new ();
      g_autoptr(GPtrArray) have = g_ptr_array_new ();
      gboolean same;

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (want, (gpointer) json_array_get_string_element (array, i));
      for (guint i = 0; i < jobs->len; i++)
        g_ptr_array_add (have, (gpointer) hb_job_get_name (g_ptr_array_index (jobs, i)));

      /* Names are compared as sets: the order jobs fire in is expect_jobs' business only
       * through next_job and trigger counts. */
      g_ptr_array_sort (want, compare_strings);
      g_ptr_array_sort (have, compare_strings);

      same = want->len == have->len;
      for (guint i = 0; same && i < want->len; i++)
        same = strcmp (g_ptr_array_index (want, i), g_ptr_array_index (have, i)) == 0;

      if (!same)
        {
          g_autofree char *list = describe_jobs (harness, jobs);
          g_autoptr(GString) w = g_string_new (NULL);

          for (guint i = 0; i < want->len; i++)
            g_string_append_printf (w, "%s%s", i > 0 ? ", " : "",
                                    (const char *) g_ptr_array_index (want, i));

          return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                                     "Expected scheduled jobs [%s], found: %s", w->str, list);
        }
    }

  return TRUE;
}

static const char *
drain_code_name (int code)
{
  switch (code)
    {
    case HB_DRAIN_ERROR_TASK_FAILED:
      return "task_failed";
    case HB_DRAIN_ERROR_TIMEOUT:
      return "timeout";
    default:
      return "unknown";
    }
}

static gboolean
expect_drain_error (HbHarness  *harness,
                    HbStep     *step,
                    GError    **error)
{
  StepState *state = get_step_state (harness);
  const char *code = hb_step_get_string (step, "code");
  const char *task = hb_step_get_string (step, "task");
  const char *message = hb_step_get_string (step, "message");
  const GError *last = state->last_error;

  if (!state->have_action)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected a drain error, but no action step came before");

  if (last == NULL)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected the previous step to end with a drain error, but "
                               "it succeeded");

  if (last->domain != HB_DRAIN_ERROR)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected a drain error, but the previous step failed with "
                               "something else: %s", last->message);

  if (code != NULL && strcmp (code, drain_code_name (last->code)) != 0)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected a drain error '%s', got '%s': %s",
                               code, drain_code_name (last->code), last->message);

  if (task != NULL)
    {
      JsonArray *failures = NULL;
      gboolean found = FALSE;

      if (state->last_drain != NULL && json_object_has_member (state->last_drain, "failures"))
        failures = json_object_get_array_member (state->last_drain, "failures");

      for (guint i = 0; failures != NULL && i < json_array_get_length (failures); i++)
        {
          JsonNode *item = json_array_get_element (failures, i);

          if (JSON_NODE_HOLDS_OBJECT (item) &&
              g_strcmp0 (json_object_get_string_member_with_default (
                             json_node_get_object (item), "task", NULL), task) == 0)
            found = TRUE;
        }

      if (!found)
        return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                                   "Expected task '%s' among the failed tasks, but it is not: "
                                   "%s", task, last->message);
    }

  if (message != NULL && strstr (last->message, message) == NULL)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected the drain error to mention \"%s\", but it says: %s",
                               message, last->message);

  return TRUE;
}

static gboolean
expect_trigger_count (HbHarness  *harness,
                      HbStep     *step,
                      GError    **error)
{
  StepState *state = get_step_state (harness);
  gint64 count = hb_step_get_count (step);

  if (!state->have_trigger)
    return expectation_failed (error, HB_ASSERTION_ERROR_STATE,
                               "Expected a trigger count, but no trigger_due_jobs, step or "
                               "next_job came before");

  if (state->last_jobs_fired < 0)
    return expectation_failed (error, HB_ASSERTION_ERROR_COUNT,
                               "Expected %" G_GINT64_FORMAT " job%s fired, but the last "
                               "trigger failed", count, count == 1 ? "" : "s");

  if (state->last_jobs_fired != count)
    return expectation_failed (error, HB_ASSERTION_ERROR_COUNT,
                               "Expected %" G_GINT64_FORMAT " job%s fired by the last trigger, "
                               "got %d", count, count == 1 ? "" : "s", state->last_jobs_fired);

  return TRUE;
}

static gboolean
apply_expectation (HbHarness  *harness,
                   HbStep     *step,
                   GError    **error)
{
  HbRecordingApi *api = hb_harness_get_api (harness);
  const char *method = hb_step_get_string (step, "method");
  JsonObject *kwargs = hb_step_get_object (step, "kwargs");

  switch (hb_step_get_kind (step))
    {
    case HB_STEP_EXPECT_CALLED:
      return hb_recording_api_assert_called (api, method, kwargs, error);

    case HB_STEP_EXPECT_CALLED_EXACT:
      return hb_recording_api_assert_called_exact (api, method, kwargs, error);

    case HB_STEP_EXPECT_NOT_CALLED:
      return hb_recording_api_assert_not_called (api, method, kwargs, error);

    case HB_STEP_EXPECT_CALL_COUNT:
      return hb_recording_api_assert_call_count (api, method, (guint) hb_step_get_count (step),
                                                 kwargs, error);

    case HB_STEP_EXPECT_STATE:
      return expect_state (harness, step, error);

    case HB_STEP_EXPECT_JOBS:
      return expect_jobs (harness, step, error);

    case HB_STEP_EXPECT_DRAIN_ERROR:
      return expect_drain_error (harness, step, error);

    case HB_STEP_EXPECT_TRIGGER_COUNT:
      return expect_trigger_count (harness, step, error);

    default:
      g_assert_not_reached ();
    }
}

static JsonArray *
live_task_names (HbHarness *harness)
{
  HbTaskBucket *bucket = hb_harness_get_task_bucket (harness);
  g_auto(GStrv) names = NULL;
  JsonArray *array = json_array_new ();

  if (bucket == NULL)
    return array;

  names = hb_task_bucket_list_live_names (bucket, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    json_array_add_string_element (array, names[i]);

  return array;
}

static JsonObject *
drain_report_json (HbHarness *harness)
{
  HbDrainReport *report = hb_harness_get_drain_report (harness);

  return report != NULL ? hb_drain_report_to_json (report) : NULL;
}

static const char *
clock_text (StepState *state,
            HbClock   *clock)
{
  gint64 now = hb_clock_get_now_usec (clock);

  if (state->clock_text == NULL || now != state->clock_usec)
    {
      g_autoptr(GDateTime) dt = hb_clock_get_now (clock);

      g_clear_pointer (&state->clock_text, g_free);
      state->clock_text = dt != NULL ? hb_format_instant (dt) : NULL;
      state->clock_usec = now;
    }

  return state->clock_text;
}

gboolean
hb_harness_apply_step (HbHarness   *self,
                       HbStep      *step,
                       HbOutcome  **outcome,
                       GError     **error)
{
  g_autoptr(HbOutcome) result = NULL;
  g_autoptr(GError) local_error = NULL;
  StepState *state;
  HbStepKind kind;
  HbClock *clock;

  g_return_val_if_fail (HB_IS_HARNESS (self), FALSE);
  g_return_val_if_fail (HB_IS_STEP (step), FALSE);
  g_return_val_if_fail (outcome == NULL || *outcome == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = hb_step_get_kind (step);
  state = get_step_state (self);

  /* Nobody asked for an outcome (a plain replay): record nothing. */
  if (outcome != NULL)
    result = _hb_outcome_new (kind);

  if (hb_step_kind_is_expectation (kind))
    {
      if (!apply_expectation (self, step, &local_error) && result != NULL)
        {
          _hb_outcome_set_error (result, local_error);
          _hb_outcome_set_pending_tasks (result, live_task_names (self));
        }
    }
  else
    {
      int fired;

      recorder_start (state, self, result);
      fired = apply_action (self, step, &local_error);
      recorder_stop (state);

      state->have_action = TRUE;
      g_clear_error (&state->last_error);
      g_clear_pointer (&state->last_drain, json_object_unref);

      if (hb_step_kind_triggers (kind))
        {
          state->have_trigger = TRUE;
          state->last_jobs_fired = fired;
          if (fired >= 0 && result != NULL)
            _hb_outcome_set_jobs_fired (result, fired);
        }

      /* The drain report belongs to this step only when it drained (or triggered, which
       * reports failures the same way) and got as far as that. */
      if ((hb_step_kind_drains (kind) || hb_step_kind_triggers (kind)) &&
          (result != NULL || local_error != NULL) &&
          (local_error == NULL || local_error->domain == HB_DRAIN_ERROR ||
           g_error_matches (local_error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STILL_ALIVE)))
        {
          JsonObject *drain = drain_report_json (self);

          if (drain != NULL)
            {
              if (local_error != NULL)
                state->last_drain = json_object_ref (drain);
              if (result != NULL)
                _hb_outcome_set_drain (result, json_object_ref (drain));
              json_object_unref (drain);
            }
        }

      if (local_error != NULL)
        {
          state->last_error = g_error_copy (local_error);
          if (result != NULL)
            {
              _hb_outcome_set_error (result, local_error);
              _hb_outcome_set_pending_tasks (result, live_task_names (self));
            }
        }
    }

  clock = hb_harness_get_clock (self);
  if (clock != NULL && result != NULL)
    _hb_outcome_set_clock (result, clock_text (state, clock));

  if (outcome != NULL)
    *outcome = g_steal_pointer (&result);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
