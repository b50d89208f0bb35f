/* test-bad-input.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <hassbench.h>

#include <math.h>
#include <string.h>

/*
 * Bad input is refused before anything is sent (reference hazards 13, 14, 18): every
 * test checks that no event reached the bus and no handler ran.
 */

#define TEST_TYPE_INPUT_APP (test_input_app_get_type ())
G_DECLARE_FINAL_TYPE (TestInputApp, test_input_app, TEST, INPUT_APP, HbApp)

struct _TestInputApp
{
  HbApp parent_instance;
  guint n_handled;
};

G_DEFINE_FINAL_TYPE (TestInputApp, test_input_app, HB_TYPE_APP)

static gboolean
count_cb (HbEvent   *event,
          HbTask    *task,
          gpointer   user_data,
          GError   **error)
{
  TEST_INPUT_APP (user_data)->n_handled++;
  return TRUE;
}

static gboolean
test_input_app_initialize (HbApp    *app,
                           HbTask   *task,
                           GError  **error)
{
  g_autoptr(HbListener) everything = hb_listener_new_topic ("everything", "*");

  hb_listener_set_handler (everything, count_cb, app, NULL);
  return hb_bus_add_listener (hb_app_get_bus (app), everything, HB_IF_EXISTS_ERROR, error) != NULL;
}

static void
test_input_app_class_init (TestInputAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = test_input_app_initialize;
}

static void
test_input_app_init (TestInputApp *self)
{
}

static HbHarness *
new_harness (void)
{
  g_autoptr(GDateTime) t0 = g_date_time_new_from_iso8601 ("2024-06-01T07:00:00Z", NULL);
  HbHarness *harness = hb_harness_new (TEST_TYPE_INPUT_APP, NULL);

  hb_harness_set_start_time (harness, t0);
  return harness;
}

static HbHarness *
started (void)
{
  g_autoptr(GError) error = NULL;
  HbHarness *harness = new_harness ();

  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  return harness;
}

static void
assert_nothing_sent (HbHarness *harness)
{
  g_assert_cmpuint (hb_bus_get_n_events (hb_harness_get_bus (harness)), ==, 0);
  g_assert_cmpuint (TEST_INPUT_APP (hb_harness_get_app (harness))->n_handled, ==, 0);
}

#define ASSERT_REFUSED(call, domain, code, fragment) \
  G_STMT_START { \
    g_autoptr(GError) error_ = NULL; \
    GError **error = &error_; \
    call; \
    g_assert_error (error_, domain, code); \
    if (strstr (error_->message, fragment) == NULL) \
      g_error ("'%s' not in '%s'", fragment, error_->message); \
  } G_STMT_END

static void
test_bad_timeouts (void)
{
  g_autoptr(HbHarness) harness = started ();
  const double bad[] = { NAN, INFINITY, -INFINITY, -1, -0.001 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      double t = bad[i];

      ASSERT_REFUSED (hb_harness_simulate_state_change (harness, "light.a", "off", "on", NULL,
                                                        NULL, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                      "simulate_state_change: timeout must be finite and non-negative");
      ASSERT_REFUSED (hb_harness_simulate_attribute_change (harness, "light.a", "b", NULL, NULL,
                                                            "on", t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_call_service (harness, "light", "turn_on", NULL, t,
                                                        error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_component_loaded (harness, "zwave", t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_service_registered (harness, "a", "b", t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_homeassistant (harness, "stop", t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_service_status (harness, "S", HB_SERVICE_FAILED, -1,
                                                          NULL, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_websocket (harness, TRUE, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_app_state_changed (harness, NULL, HB_SERVICE_RUNNING,
                                                             -1, NULL, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_simulate_event (harness, "x.y", NULL, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_drain (harness, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "drain: timeout must be finite");
      ASSERT_REFUSED (g_assert_cmpint (hb_harness_step (harness, 1, t, error), ==, -1),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "step: timeout must be finite");
      ASSERT_REFUSED (g_assert_cmpint (hb_harness_next_job (harness, t, error), ==, -1),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
      ASSERT_REFUSED (hb_harness_finish (harness, t, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "timeout must be finite");
    }

  assert_nothing_sent (harness);
}

static void
test_bad_advances (void)
{
  g_autoptr(HbHarness) harness = started ();
  HbClock *clock = hb_harness_get_clock (harness);
  gint64 before = hb_clock_get_now_usec (clock);
  const double bad[] = { NAN, INFINITY, -INFINITY, -1 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ASSERT_REFUSED (hb_harness_advance_time (harness, bad[i], error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                      "advance_time: seconds must be finite and non-negative");
      ASSERT_REFUSED (g_assert_cmpint (hb_harness_step (harness, bad[i], 1, error), ==, -1),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                      "step: seconds must be finite and non-negative");
    }

  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, before);
  assert_nothing_sent (harness);
}

static void
test_bad_startup_timeout (void)
{
  g_autoptr(HbHarness) harness = new_harness ();

  ASSERT_REFUSED (hb_harness_set_startup_timeout (harness, NAN, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "seconds must be finite");
  ASSERT_REFUSED (hb_harness_set_startup_timeout (harness, -2, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "got -2");
}

static void
test_before_start (void)
{
  g_autoptr(HbHarness) harness = new_harness ();

#define NOT_STARTED(call) \
  ASSERT_REFUSED (call, HB_HARNESS_ERROR, HB_HARNESS_ERROR_NOT_STARTED, "is not started")

  NOT_STARTED (hb_harness_simulate_state_change (harness, "light.a", "off", "on", NULL, NULL, 1,
                                                 error));
  NOT_STARTED (hb_harness_simulate_attribute_change (harness, "light.a", "b", NULL, NULL, "on", 1,
                                                     error));
  NOT_STARTED (hb_harness_simulate_call_service (harness, "light", "turn_on", NULL, 1, error));
  NOT_STARTED (hb_harness_simulate_websocket (harness, FALSE, 1, error));
  NOT_STARTED (hb_harness_simulate_event (harness, "x.y", NULL, 1, error));
  NOT_STARTED (hb_harness_drain (harness, 1, error));
  NOT_STARTED (hb_harness_freeze_time (harness, NULL, error));
  NOT_STARTED (hb_harness_advance_time (harness, 1, error));
  NOT_STARTED (g_assert_true (hb_harness_trigger_due_jobs (harness, error) == -1));
  NOT_STARTED (g_assert_true (hb_harness_step (harness, 1, 1, error) == -1));
  NOT_STARTED (g_assert_true (hb_harness_next_job (harness, 1, error) == -1));
  NOT_STARTED (hb_harness_finish (harness, 1, error));

#undef NOT_STARTED

  /* Seeding is allowed before start. */
  g_assert_true (hb_harness_set_state (harness, "light.a", "on", NULL, NULL));
}

static void
test_after_stop (void)
{
  g_autoptr(HbHarness) harness = started ();

  g_assert_true (hb_harness_stop (harness, NULL));
  ASSERT_REFUSED (hb_harness_simulate_call_service (harness, "light", "turn_on", NULL, 1, error),
                  HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED, "is stopped");
  ASSERT_REFUSED (hb_harness_set_state (harness, "light.a", "on", NULL, error),
                  HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED, "set_state");
  ASSERT_REFUSED (hb_harness_drain (harness, 0, error),
                  HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED, "drain");
  assert_nothing_sent (harness);
}

static void
test_unknown_entity_attribute_change (void)
{
  g_autoptr(HbHarness) harness = started ();
  g_autoptr(JsonNode) value = hb_json_from_string ("21", NULL);

  /* Reference hazard 13: no silent "unknown" state. */
  ASSERT_REFUSED (hb_harness_simulate_attribute_change (harness, "sensor.nowhere", "temperature",
                                                        NULL, value, NULL, 1, error),
                  HB_ERROR, HB_ERROR_NOT_FOUND, "entity 'sensor.nowhere' is not seeded");
  assert_nothing_sent (harness);
}

static void
test_invalid_entity_ids (void)
{
  g_autoptr(HbHarness) harness = started ();
  const char *bad[] = { "", "light", "Light.Kitchen", "light.", ".kitchen", "light kitchen" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (hb_harness_simulate_state_change (harness, bad[i], "off", "on", NULL, NULL,
                                                        1, &error));
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (error->message, "simulate_state_change: "));
      g_clear_error (&error);

      g_assert_false (hb_harness_set_state (harness, bad[i], "on", NULL, &error));
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (error->message, "set_state: "));
      g_assert_cmpuint (hb_states_get_n_states (hb_harness_get_states (harness)), ==, 0);
    }

  ASSERT_REFUSED (hb_harness_simulate_state_change (harness, NULL, "off", "on", NULL, NULL, 1,
                                                    error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "simulate_state_change");
  assert_nothing_sent (harness);
}

static void
test_bad_names_and_statuses (void)
{
  g_autoptr(HbHarness) harness = started ();

  ASSERT_REFUSED (hb_harness_simulate_call_service (harness, "", "turn_on", NULL, 1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "domain must not be empty");
  ASSERT_REFUSED (hb_harness_simulate_call_service (harness, "light", NULL, NULL, 1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "service must not be empty");
  ASSERT_REFUSED (hb_harness_simulate_homeassistant (harness, "reboot", 1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "got 'reboot'");
  ASSERT_REFUSED (hb_harness_simulate_service_status (harness, "S", 99, -1, NULL, 1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "status 99 is not a service status");
  ASSERT_REFUSED (hb_harness_simulate_service_status (harness, "S", HB_SERVICE_RUNNING, -5, NULL,
                                                      1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "previous status -5");
  ASSERT_REFUSED (hb_harness_simulate_attribute_change (harness, "light.a", "", NULL, NULL, "on", 1,
                                                        error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "attribute must not be empty");
  ASSERT_REFUSED (hb_harness_simulate_event (harness, "", NULL, 1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "topic must not be empty");
  ASSERT_REFUSED (hb_harness_simulate_event (harness, HB_TOPIC_STATE_CHANGED, NULL, 1, error),
                  HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "needs a string entity_id");
  assert_nothing_sent (harness);
}

static void
test_bad_set_states (void)
{
  g_autoptr(HbHarness) harness = new_harness ();
  const char *bad[] = {
    "{\"light.a\": \"on\", \"light.b\": 5}",
    "{\"light.a\": \"on\", \"light.b\": true}",
    "{\"light.a\": \"on\", \"light.b\": [\"on\", \"bright\"]}",
    "{\"light.a\": \"on\", \"light.b\": [5, {}]}",
    "{\"light.a\": \"on\", \"light.b\": []}",
    "{\"light.a\": \"on\", \"light.b\": [\"on\", {}, \"x\", \"y\", \"z\"]}",
    "{\"light.a\": \"on\", \"light.b\": null}",
    "{\"light.a\": \"on\", \"light.b\": {\"state\": \"on\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) states = hb_json_object_from_string (bad[i], NULL);

      ASSERT_REFUSED (hb_harness_set_states (harness, states, error),
                      HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                      "set_states: the value for 'light.b' must be \"state\" or");
      /* Nothing seeded, not even the good entry before the bad one. */
      g_assert_cmpuint (hb_states_get_n_states (hb_harness_get_states (harness)), ==, 0);
    }

  /* Timestamps: the field and the entity are named, and still nothing is seeded. */
  {
    const char *bad_times[][2] = {
      { "{\"light.a\": \"on\", \"light.b\": [\"on\", {}, 3]}",
        "set_states: the last_changed of 'light.b' must be an ISO 8601 instant, got 3" },
      { "{\"light.a\": \"on\", \"light.b\": [\"on\", {}, \"2024-06-01T07:00:00+00:00\", "
        "\"yesterday\"]}",
        "set_states: the last_updated of 'light.b' must be an ISO 8601 instant, "
        "got \"yesterday\"" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_times); i++)
      {
        g_autoptr(JsonObject) states = hb_json_object_from_string (bad_times[i][0], NULL);

        ASSERT_REFUSED (hb_harness_set_states (harness, states, error),
                        HB_ERROR, HB_ERROR_INVALID_ARGUMENT, bad_times[i][1]);
        g_assert_cmpuint (hb_states_get_n_states (hb_harness_get_states (harness)), ==, 0);
      }
  }

  {
    g_autoptr(JsonObject) states = hb_json_object_from_string ("{\"Not Valid\": \"on\"}", NULL);

    ASSERT_REFUSED (hb_harness_set_states (harness, states, error),
                    HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "set_states: ");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/bad-input/timeouts", test_bad_timeouts);
  g_test_add_func ("/hassbench/bad-input/advances", test_bad_advances);
  g_test_add_func ("/hassbench/bad-input/startup-timeout", test_bad_startup_timeout);
  g_test_add_func ("/hassbench/bad-input/before-start", test_before_start);
  g_test_add_func ("/hassbench/bad-input/after-stop", test_after_stop);
  g_test_add_func ("/hassbench/bad-input/unknown-entity-attribute-change",
                   test_unknown_entity_attribute_change);
  g_test_add_func ("/hassbench/bad-input/invalid-entity-ids", test_invalid_entity_ids);
  g_test_add_func ("/hassbench/bad-input/names-and-statuses", test_bad_names_and_statuses);
  g_test_add_func ("/hassbench/bad-input/set-states", test_bad_set_states);

  return g_test_run ();
}
