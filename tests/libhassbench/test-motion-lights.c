/* test-motion-lights.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <hassbench.h>

#include "hb-test-util.h"

#include "hb-motion-lights.h"

/* Scenarios ML-1..ML-7 of harness-semantics.md §9.1. T0 = 2024-06-01T07:00:00 UTC, the
 * clock frozen there before the app starts. */

#define T0_UNIX     HB_TEST_T0_UNIX
#define T0_USEC     HB_TEST_T0_USEC
#define SENSOR      "binary_sensor.hallway_motion"
#define TURN_ON_HALLWAY  "{\"entity_id\": \"light.hallway\", \"domain\": \"light\"}"
#define TURN_OFF_HALLWAY "{\"entity_id\": \"light.hallway\", \"domain\": \"light\"}"

static HbHarness *
start_harness (const char *config_json)
{
  return hb_test_start_harness (HB_TYPE_MOTION_LIGHTS, config_json);
}

static void
simulate (HbHarness  *harness,
          const char *entity_id,
          const char *old_value,
          const char *new_value)
{
  g_autoptr(GError) error = NULL;

  hb_harness_simulate_state_change (harness, entity_id, old_value, new_value, NULL, NULL,
                                    HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
}

static void
advance (HbHarness *harness,
         double     seconds)
{
  g_autoptr(GError) error = NULL;

  hb_harness_advance_time (harness, seconds, &error);
  g_assert_no_error (error);
}

static int
trigger (HbHarness *harness)
{
  g_autoptr(GError) error = NULL;
  int fired;

  fired = hb_harness_trigger_due_jobs (harness, &error);
  g_assert_no_error (error);

  return fired;
}

static void
assert_calls (HbHarness  *harness,
              const char *method,
              guint       count,
              const char *kwargs_json)
{
  g_autoptr(GError) error = NULL;

  hb_recording_api_assert_call_count_json (hb_harness_get_api (harness), method, count,
                                           kwargs_json, &error);
  g_assert_no_error (error);
}

/* The one scheduled off job: its name and fire time. */
static void
assert_off_job (HbHarness *harness,
                gint64     due_usec)
{
  HbScheduler *scheduler = hb_harness_get_scheduler (harness);
  HbJob *job;

  g_assert_cmpuint (hb_scheduler_get_n_jobs (scheduler), ==, 1);
  job = hb_scheduler_lookup_job (scheduler, HB_MOTION_LIGHTS_JOB_NAME);
  g_assert_nonnull (job);
  g_assert_true (job == hb_scheduler_peek_next_job (scheduler));
  g_assert_cmpint (hb_job_get_status (job), ==, HB_JOB_SCHEDULED);
  g_assert_cmpint (hb_job_get_fire_at_usec (job), ==, due_usec);
}

static void
assert_no_jobs (HbHarness *harness)
{
  HbScheduler *scheduler = hb_harness_get_scheduler (harness);

  g_assert_cmpuint (hb_scheduler_get_n_jobs (scheduler), ==, 0);
  g_assert_null (hb_scheduler_lookup_job (scheduler, HB_MOTION_LIGHTS_JOB_NAME));
  g_assert_null (hb_scheduler_peek_next_job (scheduler));
}

static void
test_identity (void)
{
  HbHarness *harness = start_harness (NULL);
  HbApp *app = hb_harness_get_app (harness);
  HbBus *bus = hb_harness_get_bus (harness);
  HbListener *listener;

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (app), ==, "MotionLights");
  g_assert_cmpstr (hb_app_get_app_key (app), ==, "motion_lights");
  g_assert_cmpstr (hb_app_get_config_string (app, "motion_sensor"), ==, SENSOR);
  g_assert_cmpstr (hb_app_get_config_string (app, "light"), ==, "light.hallway");
  g_assert_cmpfloat (hb_app_get_config_double (app, "off_delay_seconds"), ==, 300.0);
  g_assert_false (hb_app_get_config_boolean (app, "split_listeners"));

  g_assert_cmpuint (hb_bus_get_n_listeners (bus), ==, 1);
  listener = hb_bus_lookup_listener (bus, "motion_sensor");
  g_assert_nonnull (listener);
  g_assert_cmpint (hb_listener_get_kind (listener), ==, HB_LISTENER_STATE_CHANGE);
  g_assert_cmpstr (hb_listener_get_entity_id (listener), ==, SENSOR);
  g_assert_cmpint (hb_listener_get_mode (listener), ==, HB_MODE_SINGLE);
  assert_no_jobs (harness);

  hb_test_stop_harness (harness);
}

/* ML-1 */
static void
test_motion_on (gconstpointer data)
{
  HbHarness *harness = start_harness (data);
  g_autoptr(GError) error = NULL;

  simulate (harness, SENSOR, "off", "on");

  hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness), "turn_on",
                                             TURN_ON_HALLWAY, &error);
  g_assert_no_error (error);
  assert_calls (harness, "turn_on", 1, NULL);
  g_assert_cmpuint (hb_recording_api_get_n_calls (hb_harness_get_api (harness)), ==, 1);
  assert_no_jobs (harness);

  /* Exact means exact: a missing key does not pass. */
  g_assert_false (hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness),
                                                             "turn_on",
                                                             "{\"entity_id\": \"light.hallway\"}",
                                                             &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);

  hb_test_stop_harness (harness);
}

/* ML-2 */
static void
test_motion_off_schedules (gconstpointer data)
{
  HbHarness *harness = start_harness (data);
  HbRecordingApi *api = hb_harness_get_api (harness);
  g_autoptr(GError) error = NULL;

  simulate (harness, SENSOR, "on", "off");
  g_assert_cmpuint (hb_recording_api_get_n_calls (api), ==, 0);
  assert_off_job (harness, T0_USEC + 300 * HB_USEC_PER_SECOND);

  advance (harness, 299);
  g_assert_cmpint (trigger (harness), ==, 0);
  assert_calls (harness, "turn_off", 0, NULL);
  assert_off_job (harness, T0_USEC + 300 * HB_USEC_PER_SECOND);

  advance (harness, 1);
  g_assert_cmpint (trigger (harness), ==, 1);
  hb_recording_api_assert_called_exact_json (api, "turn_off", TURN_OFF_HALLWAY, &error);
  g_assert_no_error (error);
  assert_calls (harness, "turn_off", 1, NULL);
  g_assert_cmpuint (hb_recording_api_get_n_calls (api), ==, 1);
  assert_no_jobs (harness);

  /* Nothing more is due. */
  g_assert_cmpint (trigger (harness), ==, 0);
  assert_calls (harness, "turn_off", 1, NULL);

  hb_test_stop_harness (harness);
}

/* ML-3 */
static void
test_retrigger (gconstpointer data)
{
  HbHarness *harness = start_harness (data);
  HbRecordingApi *api = hb_harness_get_api (harness);
  g_autoptr(GError) error = NULL;

  simulate (harness, SENSOR, "off", "on");
  simulate (harness, SENSOR, "on", "off");
  assert_off_job (harness, T0_USEC + 300 * HB_USEC_PER_SECOND);

  advance (harness, 200);
  simulate (harness, SENSOR, "off", "on");
  assert_no_jobs (harness);
  assert_calls (harness, "turn_on", 2, NULL);

  simulate (harness, SENSOR, "on", "off");
  assert_off_job (harness, T0_USEC + 500 * HB_USEC_PER_SECOND);

  advance (harness, 100);   /* T0 + 300: the first job would have fired now */
  g_assert_cmpint (trigger (harness), ==, 0);
  assert_calls (harness, "turn_off", 0, NULL);

  advance (harness, 200);   /* T0 + 500 */
  g_assert_cmpint (trigger (harness), ==, 1);

  assert_calls (harness, "turn_on", 2, TURN_ON_HALLWAY);
  assert_calls (harness, "turn_off", 1, TURN_OFF_HALLWAY);
  g_assert_cmpuint (hb_recording_api_get_n_calls (api), ==, 3);
  hb_recording_api_assert_sequence_json (api, 0,
                                         "[{\"method\": \"turn_on\"},"
                                         " {\"method\": \"turn_on\"},"
                                         " {\"method\": \"turn_off\"}]",
                                         &error);
  g_assert_no_error (error);
  assert_no_jobs (harness);

  hb_test_stop_harness (harness);
}

/* ML-4 */
static void
test_ignored_states (void)
{
  HbHarness *harness = start_harness (NULL);
  HbListener *listener = hb_bus_lookup_listener (hb_harness_get_bus (harness),
                                                 "motion_sensor");

  simulate (harness, SENSOR, "off", "unavailable");
  /* the handler ran and chose to do nothing */
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 1);

  simulate (harness, SENSOR, "on", "on");
  /* filtered by changed=TRUE: no run */
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_filtered (listener), >=, 1);

  simulate (harness, SENSOR, "on", "unknown");
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 2);

  g_assert_cmpuint (hb_recording_api_get_n_calls (hb_harness_get_api (harness)), ==, 0);
  assert_no_jobs (harness);

  /* Another entity does not reach the listener at all. */
  simulate (harness, "binary_sensor.porch", "off", "on");
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 2);
  g_assert_cmpuint (hb_recording_api_get_n_calls (hb_harness_get_api (harness)), ==, 0);

  hb_test_stop_harness (harness);
}

/* ML-5 */
static void
test_custom_config (void)
{
  HbHarness *harness = start_harness ("{\"motion_sensor\": \"binary_sensor.porch\","
                                      " \"light\": \"light.porch\","
                                      " \"off_delay_seconds\": 60}");
  g_autoptr(GError) error = NULL;

  /* The default sensor is not watched any more. */
  simulate (harness, SENSOR, "off", "on");
  g_assert_cmpuint (hb_recording_api_get_n_calls (hb_harness_get_api (harness)), ==, 0);

  simulate (harness, "binary_sensor.porch", "off", "on");
  assert_calls (harness, "turn_on", 1, "{\"entity_id\": \"light.porch\", \"domain\": \"light\"}");

  simulate (harness, "binary_sensor.porch", "on", "off");
  assert_off_job (harness, T0_USEC + 60 * HB_USEC_PER_SECOND);

  advance (harness, 59);
  g_assert_cmpint (trigger (harness), ==, 0);
  advance (harness, 1);
  g_assert_cmpint (trigger (harness), ==, 1);

  hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness), "turn_off",
                                             "{\"entity_id\": \"light.porch\","
                                             " \"domain\": \"light\"}",
                                             &error);
  g_assert_no_error (error);
  assert_calls (harness, "turn_off", 1, NULL);
  assert_calls (harness, "turn_off", 0, "{\"entity_id\": \"light.hallway\"}");

  hb_test_stop_harness (harness);
}

/* ML-6: the reference keeps a fired one-shot's name, so the second cycle fails there.
 * Here a fired one-shot frees its name: the second cycle schedules a fresh job. */
static void
test_second_cycle_fresh_job (void)
{
  HbHarness *harness = start_harness (NULL);
  HbScheduler *scheduler = hb_harness_get_scheduler (harness);
  g_autoptr(HbJob) first = NULL;
  HbJob *second;

  simulate (harness, SENSOR, "on", "off");
  first = g_object_ref (hb_scheduler_lookup_job (scheduler, HB_MOTION_LIGHTS_JOB_NAME));
  advance (harness, 300);
  g_assert_cmpint (trigger (harness), ==, 1);
  g_assert_cmpint (hb_job_get_status (first), ==, HB_JOB_COMPLETED);
  assert_no_jobs (harness);

  /* Second cycle: motion, then clear again. */
  simulate (harness, SENSOR, "off", "on");
  simulate (harness, SENSOR, "on", "off");
  assert_off_job (harness, T0_USEC + 600 * HB_USEC_PER_SECOND);
  second = hb_scheduler_lookup_job (scheduler, HB_MOTION_LIGHTS_JOB_NAME);
  g_assert_true (second != first);

  /* And straight "on -> off" after the fired job, as the reference scenario does it. */
  advance (harness, 300);
  g_assert_cmpint (trigger (harness), ==, 1);
  simulate (harness, SENSOR, "on", "off");
  assert_off_job (harness, T0_USEC + 900 * HB_USEC_PER_SECOND);
  advance (harness, 300);
  g_assert_cmpint (trigger (harness), ==, 1);

  assert_calls (harness, "turn_off", 3, TURN_OFF_HALLWAY);
  assert_calls (harness, "turn_on", 1, TURN_ON_HALLWAY);
  g_assert_cmpuint (hb_drain_report_get_n_failures (hb_harness_get_drain_report (harness)),
                    ==, 0);

  hb_test_stop_harness (harness);
}

/* ML-6, the error half: a handler that fails (here run_in with a name still in use,
 * because "off" arrives again from "unavailable" while the off job is pending) is a
 * drain error, not a log line. */
static void
test_handler_error_is_drain_error (void)
{
  HbHarness *harness = start_harness (NULL);
  HbDrainReport *report;
  const GError *task_error;
  g_autoptr(GError) error = NULL;

  simulate (harness, SENSOR, "on", "off");
  assert_off_job (harness, T0_USEC + 300 * HB_USEC_PER_SECOND);

  advance (harness, 10);
  g_assert_false (hb_harness_simulate_state_change (harness, SENSOR, "unavailable", "off",
                                                    NULL, NULL, HB_DEFAULT_TIMEOUT,
                                                    &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_nonnull (strstr (error->message, "handler:motion_sensor"));
  g_assert_nonnull (strstr (error->message, "A job named 'motion_lights_off' already exists"));

  report = hb_harness_get_drain_report (harness);
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 1);
  g_assert_cmpstr (hb_drain_report_get_task_name (report, 0), ==, "handler:motion_sensor");
  task_error = hb_drain_report_get_error (report, 0);
  g_assert_error ((GError *) task_error, HB_ERROR, HB_ERROR_DUPLICATE_NAME);
  g_assert_false (hb_drain_report_get_timed_out (report));

  /* The pending job was left alone, and the failure is reported once, not again. */
  assert_off_job (harness, T0_USEC + 300 * HB_USEC_PER_SECOND);
  g_clear_error (&error);
  hb_harness_drain (harness, HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hb_drain_report_get_n_failures (hb_harness_get_drain_report (harness)),
                    ==, 0);

  advance (harness, 290);
  g_assert_cmpint (trigger (harness), ==, 1);
  assert_calls (harness, "turn_off", 1, TURN_OFF_HALLWAY);

  hb_test_stop_harness (harness);
}

/* ML-7: listeners "motion_on" / "motion_off" with changed_to. */
static void
test_split_listeners (void)
{
  HbHarness *harness = start_harness ("{\"split_listeners\": true}");
  HbBus *bus = hb_harness_get_bus (harness);
  HbListener *on_listener = hb_bus_lookup_listener (bus, "motion_on");
  HbListener *off_listener = hb_bus_lookup_listener (bus, "motion_off");

  g_assert_cmpuint (hb_bus_get_n_listeners (bus), ==, 2);
  g_assert_nonnull (on_listener);
  g_assert_nonnull (off_listener);
  g_assert_null (hb_bus_lookup_listener (bus, "motion_sensor"));

  simulate (harness, SENSOR, "off", "on");
  g_assert_cmpuint (hb_listener_get_n_runs (on_listener), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_runs (off_listener), ==, 0);

  /* unavailable -> off schedules the off job */
  simulate (harness, SENSOR, "unavailable", "off");
  g_assert_cmpuint (hb_listener_get_n_runs (off_listener), ==, 1);
  assert_off_job (harness, T0_USEC + 300 * HB_USEC_PER_SECOND);

  /* off -> unavailable reaches neither handler */
  simulate (harness, SENSOR, "off", "unavailable");
  g_assert_cmpuint (hb_listener_get_n_runs (on_listener), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_runs (off_listener), ==, 1);

  advance (harness, 300);
  g_assert_cmpint (trigger (harness), ==, 1);
  assert_calls (harness, "turn_on", 1, TURN_ON_HALLWAY);
  assert_calls (harness, "turn_off", 1, TURN_OFF_HALLWAY);

  hb_test_stop_harness (harness);
}

static void
test_bad_config (void)
{
  static const struct {
    const char *config;
    int code;
    const char *field;
  } cases[] = {
    { "{\"off_delay_seconds\": \"sixty\"}", HB_CONFIG_ERROR_WRONG_TYPE, "off_delay_seconds" },
    { "{\"light\": \"hallway\"}", -1, "light" },
    { "{\"motion_sensr\": \"binary_sensor.x\"}", HB_CONFIG_ERROR_UNKNOWN_FIELD, "motion_sensr" },
    { "{\"split_listeners\": \"yes\"}", HB_CONFIG_ERROR_WRONG_TYPE, "split_listeners" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) config = hb_json_object_from_string (cases[i].config, &error);
      g_autoptr(HbHarness) harness = NULL;
      g_autofree char *quoted = g_strdup_printf ("'%s'", cases[i].field);

      g_assert_no_error (error);
      harness = hb_harness_new (HB_TYPE_MOTION_LIGHTS, config);
      g_assert_false (hb_harness_start (harness, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == HB_CONFIG_ERROR);
      if (cases[i].code >= 0)
        g_assert_cmpint (error->code, ==, cases[i].code);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_false (hb_harness_is_running (harness));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/motion-lights/identity", test_identity);
  g_test_add_data_func ("/hassbench/motion-lights/ml1-motion-on", NULL, test_motion_on);
  g_test_add_data_func ("/hassbench/motion-lights/ml2-off-after-delay", NULL,
                        test_motion_off_schedules);
  g_test_add_data_func ("/hassbench/motion-lights/ml3-retrigger", NULL, test_retrigger);
  g_test_add_func ("/hassbench/motion-lights/ml4-ignored-states", test_ignored_states);
  g_test_add_func ("/hassbench/motion-lights/ml5-custom-config", test_custom_config);
  g_test_add_func ("/hassbench/motion-lights/ml6-second-cycle-fresh-job",
                   test_second_cycle_fresh_job);
  g_test_add_func ("/hassbench/motion-lights/ml6-handler-error-is-drain-error",
                   test_handler_error_is_drain_error);
  g_test_add_data_func ("/hassbench/motion-lights/ml7-split/ml1", "{\"split_listeners\": true}",
                        test_motion_on);
  g_test_add_data_func ("/hassbench/motion-lights/ml7-split/ml2", "{\"split_listeners\": true}",
                        test_motion_off_schedules);
  g_test_add_data_func ("/hassbench/motion-lights/ml7-split/ml3", "{\"split_listeners\": true}",
                        test_retrigger);
  g_test_add_func ("/hassbench/motion-lights/ml7-split/listeners", test_split_listeners);
  g_test_add_func ("/hassbench/motion-lights/bad-config", test_bad_config);

  return g_test_run ();
}
