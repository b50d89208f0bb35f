/* test-apply-step.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <hassbench.h>

/*
 * hb_harness_apply_step(), outcomes and hb_scenario_run() against a small app of this
 * program: "toggle" on input_boolean.x (changed_to "on") turns light.x on; "fail" on
 * input_boolean.fail fails; a job "tick" every 60 s turns light.tick on.
 */

#define T0 "2024-06-01T07:00:00+00:00"

#define TEST_TYPE_APP (test_app_get_type ())
G_DECLARE_FINAL_TYPE (TestApp, test_app, TEST, APP, HbApp)

struct _TestApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (TestApp, test_app, HB_TYPE_APP)

static gboolean
toggle (HbEvent  *event,
        HbTask   *task,
        gpointer  user_data,
        GError  **error)
{
  return hb_recording_api_turn_on (hb_app_get_api (user_data), "light.x", NULL, NULL, error);
}

static gboolean
fail (HbEvent  *event,
      HbTask   *task,
      gpointer  user_data,
      GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "kaputt");
  return FALSE;
}

static gboolean
tick (HbJob    *job,
      HbTask   *task,
      gpointer  user_data,
      GError  **error)
{
  return hb_recording_api_turn_on (hb_app_get_api (user_data), "light.tick", NULL, NULL, error);
}

static gboolean
test_app_initialize (HbApp    *app,
                     HbTask   *task,
                     GError  **error)
{
  g_autoptr(HbListener) on = hb_listener_new_state_change ("toggle", "input_boolean.x");
  g_autoptr(HbListener) failing = hb_listener_new_state_change ("fail", "input_boolean.fail");

  hb_listener_set_handler (on, toggle, app, NULL);
  hb_listener_set_changed_to (on, hb_condition_equals_string ("on"));
  hb_listener_set_handler (failing, fail, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), on, HB_IF_EXISTS_ERROR, error) != NULL &&
         hb_bus_add_listener (hb_app_get_bus (app), failing, HB_IF_EXISTS_ERROR,
                              error) != NULL &&
         hb_scheduler_run_every (hb_app_get_scheduler (app), "tick", 60, tick, app, NULL,
                                 error) != NULL;
}

static void
test_app_class_init (TestAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = test_app_initialize;
}

static void
test_app_init (TestApp *self)
{
}

static HbHarness *
new_harness (gboolean start)
{
  g_autoptr(GDateTime) t0 = g_date_time_new_from_iso8601 (T0, NULL);
  g_autoptr(GError) error = NULL;
  HbHarness *harness = hb_harness_new (TEST_TYPE_APP, NULL);

  hb_harness_set_start_time (harness, t0);
  if (start)
    {
      g_assert_true (hb_harness_start (harness, &error));
      g_assert_no_error (error);
    }

  return harness;
}

/* Applies @json; returns the outcome, and the error through @error. */
static HbOutcome *
apply (HbHarness   *harness,
       const char  *json,
       GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(HbStep) step = hb_step_new_from_string (json, &parse_error);
  HbOutcome *outcome = NULL;
  gboolean ok;

  g_assert_no_error (parse_error);
  ok = hb_harness_apply_step (harness, step, &outcome, error);
  g_assert_nonnull (outcome);
  g_assert_cmpint (ok, ==, hb_outcome_get_ok (outcome));

  return outcome;
}

static void
apply_ok (HbHarness  *harness,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = apply (harness, json, &error);

  g_assert_no_error (error);
}

static void
apply_fails (HbHarness  *harness,
             const char *json,
             GQuark      domain,
             int         code,
             const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = apply (harness, json, &error);

  g_assert_error (error, domain, code);
  if (strstr (error->message, message) == NULL)
    g_error ("'%s' lacks '%s'", error->message, message);
  g_assert_true (hb_outcome_get_error (outcome) != NULL);
  g_assert_cmpstr (hb_outcome_get_error (outcome)->message, ==, error->message);
}

static void
test_outcome_of_simulate (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = NULL;
  g_autoptr(HbOutcome) filtered = NULL;
  JsonObject *event;
  JsonObject *call;
  JsonObject *task;
  JsonArray *ran;

  outcome = apply (harness, "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                            "\"input_boolean.x\", \"old_value\": \"off\", \"new_value\": "
                            "\"on\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_outcome_get_kind (outcome), ==, HB_STEP_SIMULATE_STATE_CHANGE);
  g_assert_true (hb_outcome_get_ok (outcome));
  g_assert_null (hb_outcome_get_error (outcome));
  g_assert_cmpstr (hb_outcome_get_clock (outcome), ==, T0);
  g_assert_cmpint (hb_outcome_get_jobs_fired (outcome), ==, -1);

  g_assert_cmpuint (json_array_get_length (hb_outcome_get_events (outcome)), ==, 1);
  event = json_array_get_object_element (hb_outcome_get_events (outcome), 0);
  g_assert_cmpstr (json_object_get_string_member (event, "topic"), ==,
                   HB_TOPIC_STATE_CHANGED);
  g_assert_cmpstr (json_object_get_string_member (event, "entity_id"), ==, "input_boolean.x");
  ran = json_object_get_array_member (event, "ran");
  g_assert_cmpuint (json_array_get_length (ran), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (ran, 0), ==, "toggle");

  g_assert_cmpuint (json_array_get_length (hb_outcome_get_calls (outcome)), ==, 1);
  call = json_array_get_object_element (hb_outcome_get_calls (outcome), 0);
  g_assert_cmpstr (json_object_get_string_member (call, "method"), ==, "turn_on");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (call,
                                                                                 "kwargs"),
                                                  "entity_id"), ==, "light.x");

  g_assert_cmpuint (json_array_get_length (hb_outcome_get_tasks (outcome)), ==, 2);
  task = json_array_get_object_element (hb_outcome_get_tasks (outcome), 0);
  g_assert_cmpstr (json_object_get_string_member (task, "name"), ==, "handler:toggle");
  g_assert_cmpstr (json_object_get_string_member (task, "what"), ==, "started");
  task = json_array_get_object_element (hb_outcome_get_tasks (outcome), 1);
  g_assert_cmpstr (json_object_get_string_member (task, "what"), ==, "done");

  g_assert_cmpuint (json_array_get_length (hb_outcome_get_states (outcome)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (hb_outcome_get_states (outcome), 0),
                     "state"), ==, "on");
  g_assert_nonnull (hb_outcome_get_drain (outcome));

  /* changed_to "on" says no to "off": filtered out, with the filter that said no. */
  filtered = apply (harness, "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                             "\"input_boolean.x\", \"old_value\": \"on\", \"new_value\": "
                             "\"off\"}", &error);
  g_assert_no_error (error);
  event = json_array_get_object_element (hb_outcome_get_events (filtered), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (event, "ran")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (event, "filtered")),
                    ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (event, "filtered"), 0), "listener"),
                   ==, "toggle");
  g_assert_cmpuint (json_array_get_length (hb_outcome_get_calls (filtered)), ==, 0);
}

/* The workbench's "Run Now" and "Cancel" on a job, as steps. */
static void
test_run_and_remove_job (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = NULL;

  /* Runs now: the call is made, the clock does not move, the job stays scheduled. */
  outcome = apply (harness, "{\"kind\": \"run_job\", \"name\": \"tick\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (hb_outcome_get_calls (outcome)), ==, 1);
  g_assert_cmpstr (hb_outcome_get_clock (outcome), ==, "2024-06-01T07:00:00+00:00");
  g_assert_nonnull (hb_outcome_get_drain (outcome));
  apply_ok (harness, "{\"kind\": \"expect_jobs\", \"count\": 1, \"names\": [\"tick\"]}");

  apply_ok (harness, "{\"kind\": \"remove_job\", \"name\": \"tick\"}");
  apply_ok (harness, "{\"kind\": \"expect_jobs\", \"count\": 0}");

  apply_fails (harness, "{\"kind\": \"run_job\", \"name\": \"tick\"}",
               HB_ERROR, HB_ERROR_NOT_FOUND, "No job named 'tick'");
  apply_fails (harness, "{\"kind\": \"remove_job\", \"name\": \"nope\"}",
               HB_ERROR, HB_ERROR_NOT_FOUND, "No job named 'nope'");
}

static void
test_outcome_of_jobs (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = NULL;
  g_autoptr(HbOutcome) advanced = NULL;
  g_autofree char *description = NULL;
  JsonArray *jobs;
  gboolean fired = FALSE;

  advanced = apply (harness, "{\"kind\": \"advance_time\", \"by\": \"59s\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hb_outcome_get_clock (advanced), ==, "2024-06-01T07:00:59+00:00");
  g_assert_null (hb_outcome_get_drain (advanced));

  outcome = apply (harness, "{\"kind\": \"step\", \"by\": 1}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_outcome_get_jobs_fired (outcome), ==, 1);
  g_assert_cmpstr (hb_outcome_get_clock (outcome), ==, "2024-06-01T07:01:00+00:00");
  jobs = hb_outcome_get_jobs (outcome);
  for (guint i = 0; i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = json_array_get_object_element (jobs, i);

      g_assert_cmpstr (json_object_get_string_member (job, "name"), ==, "tick");
      if (g_strcmp0 (json_object_get_string_member (job, "what"), "fired") == 0)
        fired = TRUE;
    }
  g_assert_true (fired);
  g_assert_cmpuint (json_array_get_length (hb_outcome_get_calls (outcome)), ==, 1);

  description = hb_outcome_describe (outcome);
  g_assert_nonnull (strstr (description, "call turn_on {\"entity_id\": \"light.tick\""));
  g_assert_nonnull (strstr (description, "jobs fired: 1\n"));
  g_assert_nonnull (strstr (description, "clock: 2024-06-01T07:01:00+00:00\n"));

  apply_ok (harness, "{\"kind\": \"expect_trigger_count\", \"count\": 1}");
  apply_ok (harness, "{\"kind\": \"expect_jobs\", \"count\": 1, \"names\": [\"tick\"]}");
  apply_ok (harness, "{\"kind\": \"next_job\"}");
  apply_ok (harness, "{\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": 2}");
}

static void
test_expectation_failures (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);

  apply_fails (harness, "{\"kind\": \"expect_trigger_count\", \"count\": 0}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected a trigger count, but no trigger_due_jobs, step or next_job came "
               "before");
  apply_fails (harness, "{\"kind\": \"expect_drain_error\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected a drain error, but no action step came before");

  apply_ok (harness, "{\"kind\": \"set_state\", \"entity_id\": \"light.a\", \"state\": \"on\", "
                     "\"attributes\": {\"brightness\": 200, \"name\": \"A\"}}");
  apply_ok (harness, "{\"kind\": \"expect_state\", \"entity_id\": \"light.a\", \"state\": "
                     "\"on\", \"attributes\": {\"brightness\": 200.0}}");
  apply_ok (harness, "{\"kind\": \"expect_state\", \"entity_id\": \"light.b\", \"state\": null}");
  apply_fails (harness, "{\"kind\": \"expect_state\", \"entity_id\": \"light.a\", "
                        "\"state\": \"off\", \"attributes\": {\"brightness\": 100, "
                        "\"color\": \"red\"}}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "light.a does not match; state: expected 'off', got 'on'; attribute "
               "'brightness': expected 100, got 200; attribute 'color': expected \"red\", "
               "but it is missing");
  apply_fails (harness, "{\"kind\": \"expect_state\", \"entity_id\": \"light.a\", "
                        "\"state\": null}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected light.a not to exist, but its state is 'on'");
  apply_fails (harness, "{\"kind\": \"expect_state\", \"entity_id\": \"light.b\", "
                        "\"state\": \"on\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected light.b to exist with state 'on', but it is not in the state store");

  apply_fails (harness, "{\"kind\": \"expect_jobs\", \"count\": 2}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_COUNT,
               "Expected 2 scheduled jobs, found 1: tick (next run 2024-06-01T07:01:00+00:00)");
  apply_fails (harness, "{\"kind\": \"expect_jobs\", \"names\": [\"tock\"]}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected scheduled jobs [tock], found: tick (next run");

  apply_fails (harness, "{\"kind\": \"expect_called\", \"method\": \"turn_off\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NOT_CALLED, "turn_off");

  /* An action that succeeded is no drain error. */
  apply_ok (harness, "{\"kind\": \"drain\"}");
  apply_fails (harness, "{\"kind\": \"expect_drain_error\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected the previous step to end with a drain error, but it succeeded");

  /* A failing trigger. */
  apply_ok (harness, "{\"kind\": \"trigger_due_jobs\"}");
  apply_ok (harness, "{\"kind\": \"expect_trigger_count\", \"count\": 0}");
  apply_fails (harness, "{\"kind\": \"expect_trigger_count\", \"count\": 3}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_COUNT,
               "Expected 3 jobs fired by the last trigger, got 0");
}

static void
test_drain_errors (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = NULL;
  JsonArray *failures;

  outcome = apply (harness, "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                            "\"input_boolean.fail\", \"old_value\": \"off\", \"new_value\": "
                            "\"on\"}", &error);
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_false (hb_outcome_get_ok (outcome));
  failures = json_object_get_array_member (hb_outcome_get_drain (outcome), "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (failures, 0),
                                                  "task"), ==, "handler:fail");

  /* Expectations look back at the last action, through other expectations. */
  apply_ok (harness, "{\"kind\": \"expect_not_called\", \"method\": \"turn_on\"}");
  apply_ok (harness, "{\"kind\": \"expect_drain_error\", \"code\": \"task_failed\", "
                     "\"task\": \"handler:fail\", \"message\": \"kaputt\"}");
  apply_fails (harness, "{\"kind\": \"expect_drain_error\", \"code\": \"timeout\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected a drain error 'timeout', got 'task_failed'");
  apply_fails (harness, "{\"kind\": \"expect_drain_error\", \"task\": \"handler:toggle\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected task 'handler:toggle' among the failed tasks");
  apply_fails (harness, "{\"kind\": \"expect_drain_error\", \"message\": \"fine\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected the drain error to mention \"fine\", but it says: ");

  /* Another kind of failure is not a drain error. */
  apply_fails (harness, "{\"kind\": \"simulate_attribute_change\", \"entity_id\": "
                        "\"sensor.unseeded\", \"attribute\": \"a\", \"new_value\": 1}",
               HB_ERROR, HB_ERROR_NOT_FOUND, "sensor.unseeded");
  apply_fails (harness, "{\"kind\": \"expect_drain_error\"}",
               HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_STATE,
               "Expected a drain error, but the previous step failed with something else");
}

static void
test_before_start (void)
{
  g_autoptr(HbHarness) harness = new_harness (FALSE);

  /* Seeding works before start; simulating does not. */
  apply_ok (harness, "{\"kind\": \"set_state\", \"entity_id\": \"light.a\", \"state\": \"on\"}");
  apply_fails (harness, "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                        "\"input_boolean.x\", \"old_value\": \"off\", \"new_value\": \"on\"}",
               HB_HARNESS_ERROR, HB_HARNESS_ERROR_NOT_STARTED, "");
}

static void
test_plain_replay (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(HbStep) step = hb_step_new_from_string ("{\"kind\": \"step\", \"by\": 60}", NULL);
  g_autoptr(HbStep) expect = hb_step_new_from_string ("{\"kind\": \"expect_trigger_count\", "
                                                      "\"count\": 1}", NULL);
  g_autoptr(GError) error = NULL;

  /* Without an outcome nothing is recorded, and the expectations still know. */
  g_assert_true (hb_harness_apply_step (harness, step, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_apply_step (harness, expect, NULL, &error));
  g_assert_no_error (error);
}

static void
test_outcome_json (void)
{
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbOutcome) outcome = NULL;
  g_autoptr(HbOutcome) again = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *text = NULL;

  outcome = apply (harness, "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                            "\"input_boolean.fail\", \"old_value\": \"off\", \"new_value\": "
                            "\"on\"}", &error);
  g_clear_error (&error);

  json = hb_outcome_to_json (outcome);
  g_assert_cmpstr (json_object_get_string_member (json, "kind"), ==, "simulate_state_change");
  g_assert_false (json_object_get_boolean_member (json, "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json, "error"),
                                                  "domain"), ==, "hb-drain-error-quark");
  /* Empty arrays are left out. */
  g_assert_false (json_object_has_member (json, "calls"));

  again = hb_outcome_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (hb_outcome_equal (outcome, again));
  g_assert_error (hb_outcome_get_error (again), HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);

  text = hb_outcome_to_string (outcome);
  g_assert_true (g_str_has_prefix (text, "{\"kind\": \"simulate_state_change\", \"ok\": false"));
}

static void
test_outcome_json_errors (void)
{
  static const struct { const char *json; int code; const char *message; } cases[] = {
    { "{\"ok\": true}", HB_SCENARIO_ERROR_MISSING_FIELD, "kind: missing" },
    { "{\"kind\": \"drain\"}", HB_SCENARIO_ERROR_MISSING_FIELD, "ok: missing" },
    { "{\"kind\": \"drain\", \"ok\": 1}", HB_SCENARIO_ERROR_WRONG_TYPE,
      "ok: expected true or false" },
    { "{\"kind\": \"dance\", \"ok\": true}", HB_SCENARIO_ERROR_UNKNOWN_KIND,
      "kind: unknown step kind 'dance'" },
    { "{\"kind\": \"drain\", \"ok\": true, \"error\": {\"domain\": \"x\", \"code\": 1, "
      "\"message\": \"m\"}}", HB_SCENARIO_ERROR_INVALID_VALUE,
      "ok: must be false exactly when there is an error" },
    { "{\"kind\": \"drain\", \"ok\": false, \"error\": {\"domain\": \"x\"}}",
      HB_SCENARIO_ERROR_MISSING_FIELD, "error.code: missing" },
    { "{\"kind\": \"drain\", \"ok\": true, \"events\": {}}", HB_SCENARIO_ERROR_WRONG_TYPE,
      "events: expected an array of objects" },
    { "{\"kind\": \"drain\", \"ok\": true, \"calls\": [1]}", HB_SCENARIO_ERROR_WRONG_TYPE,
      "calls[0]: expected an object" },
    { "{\"kind\": \"drain\", \"ok\": true, \"mood\": \"good\"}", HB_SCENARIO_ERROR_UNKNOWN_FIELD,
      "mood: unknown field of an outcome" },
    { "{\"kind\": \"drain\", \"ok\": true, \"drain\": []}", HB_SCENARIO_ERROR_WRONG_TYPE,
      "drain: expected an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = hb_json_object_from_string (cases[i].json, NULL);
      g_autoptr(HbOutcome) outcome = hb_outcome_new_from_json (object, &error);

      g_assert_null (outcome);
      g_assert_error (error, HB_SCENARIO_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: '%s' lacks '%s'", i, error->message, cases[i].message);
    }
}

typedef struct
{
  GString *log;
} RunLog;

static void
log_step (HbScenario   *scenario,
          guint         index,
          HbStep       *step,
          HbOutcome    *outcome,
          const GError *failure,
          gpointer      user_data)
{
  RunLog *log = user_data;

  g_assert_nonnull (outcome);
  g_string_append_printf (log->log, "%u:%s:%s;", index,
                          hb_step_kind_to_string (hb_step_get_kind (step)),
                          failure != NULL ? "fail" : "ok");
}

static void
test_scenario_run (void)
{
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbHarness) harness = new_harness (TRUE);
  g_autoptr(GError) error = NULL;
  RunLog log = { g_string_new (NULL) };

  scenario = hb_scenario_new_from_data (
    "{\"format\": \"hassbench-scenario\", \"version\": 1, \"app\": {\"id\": \"t\"},\n"
    "\"steps\": [\n"
    "{\"kind\": \"simulate_state_change\", \"entity_id\": \"input_boolean.fail\", "
    "\"old_value\": \"off\", \"new_value\": \"on\"},\n"
    "{\"kind\": \"expect_called\", \"method\": \"turn_on\"},\n"
    "{\"kind\": \"expect_drain_error\"},\n"
    "{\"kind\": \"expect_jobs\", \"count\": 7},\n"
    "{\"kind\": \"simulate_state_change\", \"entity_id\": \"input_boolean.fail\", "
    "\"old_value\": \"off\", \"new_value\": \"on\"},\n"
    "{\"kind\": \"drain\"}]}", -1, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (hb_scenario_run (scenario, harness, log_step, &log, &error));
  /* The first failure, named by its step; expectations go on; an unexpected action
   * failure stops the run. */
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NOT_CALLED);
  g_assert_true (g_str_has_prefix (error->message, "steps[1] (expect_called): "));
  g_assert_cmpstr (log.log->str, ==,
                   "0:simulate_state_change:ok;1:expect_called:fail;2:expect_drain_error:ok;"
                   "3:expect_jobs:fail;4:simulate_state_change:fail;");
  g_string_free (log.log, TRUE);
}

static void
test_scenario_create_harness (void)
{
  g_autoptr(HbAppRegistry) registry = hb_app_registry_new ();
  g_autoptr(HbModule) module = hb_module_new ("this test");
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;

  hb_module_add_app (module, TEST_TYPE_APP, "test-app", NULL, NULL);
  g_assert_true (hb_app_registry_add_module (registry, module, &error));

  scenario = hb_scenario_new_from_data (
    "{\"format\": \"hassbench-scenario\", \"version\": 1, \"app\": {\"id\": \"test-app\"},\n"
    " \"harness\": {\"start_time\": \"2024-06-01T09:30:00\", \"time_zone\": \"Europe/Berlin\","
    " \"seed\": 5},\n"
    " \"steps\": [{\"kind\": \"step\", \"by\": 60}, "
    "{\"kind\": \"expect_trigger_count\", \"count\": 1}]}", -1, NULL, &error);
  g_assert_no_error (error);

  harness = hb_scenario_create_harness (scenario, registry, &error);
  g_assert_no_error (error);
  g_assert_true (hb_harness_get_app_type (harness) == TEST_TYPE_APP);
  g_assert_true (hb_harness_start (harness, &error));

  /* A start time without an offset is in the scenario's zone. */
  now = hb_clock_get_now (hb_harness_get_clock (harness));
  g_assert_cmpint (g_date_time_to_unix (now), ==, 1717227000);
  g_assert_cmpint (g_date_time_get_hour (now), ==, 9);
  g_assert_true (hb_scenario_run (scenario, harness, NULL, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&scenario);
  scenario = hb_scenario_new_from_data ("{\"format\": \"hassbench-scenario\", \"version\": 1, "
                                        "\"app\": {\"id\": \"other-app\"}, \"steps\": []}",
                                        -1, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&harness);
  g_setenv ("HB_APPS_PATH", "/nonexistent", TRUE);
  harness = hb_scenario_create_harness (scenario, registry, &error);
  g_assert_null (harness);
  g_assert_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_UNKNOWN_APP);
  g_assert_nonnull (strstr (error->message, "known apps: test-app"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/apply-step/outcome-of-simulate", test_outcome_of_simulate);
  g_test_add_func ("/hassbench/apply-step/outcome-of-jobs", test_outcome_of_jobs);
  g_test_add_func ("/hassbench/apply-step/run-and-remove-job", test_run_and_remove_job);
  g_test_add_func ("/hassbench/apply-step/expectation-failures", test_expectation_failures);
  g_test_add_func ("/hassbench/apply-step/drain-errors", test_drain_errors);
  g_test_add_func ("/hassbench/apply-step/before-start", test_before_start);
  g_test_add_func ("/hassbench/apply-step/plain-replay", test_plain_replay);
  g_test_add_func ("/hassbench/apply-step/outcome-json", test_outcome_json);
  g_test_add_func ("/hassbench/apply-step/outcome-json-errors", test_outcome_json_errors);
  g_test_add_func ("/hassbench/apply-step/scenario-run", test_scenario_run);
  g_test_add_func ("/hassbench/apply-step/scenario-create-harness",
                   test_scenario_create_harness);

  return g_test_run ();
}
