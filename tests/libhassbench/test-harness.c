/* test-harness.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <hassbench.h>

#include <string.h>

/*
 * TestProbeApp: a small app whose initialize does what the test asks (listen to every
 * kind of event, fail, hold its task) and whose handlers keep every event they see.
 */

typedef enum {
  INIT_LISTEN,
  INIT_FAIL,
  INIT_HOLD_THEN_FINISH,
  INIT_HOLD_FOREVER,
  INIT_SLEEP,
} InitMode;

static InitMode init_mode;
static guint n_initialize;
static guint n_shutdown;

#define TEST_TYPE_PROBE_APP (test_probe_app_get_type ())
G_DECLARE_FINAL_TYPE (TestProbeApp, test_probe_app, TEST, PROBE_APP, HbApp)

struct _TestProbeApp
{
  HbApp      parent_instance;
  GPtrArray *events;     /* HbEvent, as seen by the handlers */
  GPtrArray *handlers;   /* char*, the listener that saw each event */
  guint      n_job_runs;
};

G_DEFINE_FINAL_TYPE (TestProbeApp, test_probe_app, HB_TYPE_APP)

static gboolean
record_event_cb (HbEvent   *event,
                 HbTask    *task,
                 gpointer   user_data,
                 GError   **error)
{
  TestProbeApp *self = user_data;

  g_ptr_array_add (self->events, g_object_ref (event));
  g_ptr_array_add (self->handlers, g_strdup (hb_task_get_name (task)));
  return TRUE;
}

static gboolean
job_cb (HbJob     *job,
        HbTask    *task,
        gpointer   user_data,
        GError   **error)
{
  TestProbeApp *self = user_data;

  self->n_job_runs++;
  return TRUE;
}

static void
listen (TestProbeApp *self,
        HbListener   *listener)
{
  g_autoptr(HbListener) owned = listener;
  g_autoptr(GError) error = NULL;

  hb_listener_set_handler (owned, record_event_cb, self, NULL);
  hb_listener_set_changed (owned, FALSE);
  g_assert_nonnull (hb_bus_add_listener (hb_app_get_bus (HB_APP (self)), owned,
                                         HB_IF_EXISTS_ERROR, &error));
  g_assert_no_error (error);
}

static gboolean
finish_held_cb (gpointer user_data)
{
  hb_task_return (HB_TASK (user_data));
  return G_SOURCE_REMOVE;
}

static gboolean
after_sleep_cb (HbTask    *task,
                gpointer   user_data,
                GError   **error)
{
  return TRUE;
}

static gboolean
test_probe_app_initialize (HbApp    *app,
                           HbTask   *task,
                           GError  **error)
{
  TestProbeApp *self = TEST_PROBE_APP (app);
  HbBus *bus = hb_app_get_bus (app);
  const char *entity = hb_app_get_config_string (app, "entity");

  n_initialize++;
  g_assert_nonnull (bus);
  g_assert_nonnull (hb_app_get_scheduler (app));
  g_assert_nonnull (hb_app_get_api (app));
  g_assert_nonnull (hb_app_get_states (app));
  g_assert_nonnull (hb_app_get_clock (app));

  switch (init_mode)
    {
    case INIT_LISTEN:
      {
        g_autoptr(GError) local_error = NULL;

        listen (self, hb_listener_new_state_change ("state", entity));
        listen (self, hb_listener_new_attribute_change ("attr", "sensor.temp", "temperature"));
        listen (self, hb_listener_new_call_service ("service", NULL, NULL));
        listen (self, hb_listener_new_component_loaded ("component", NULL));
        listen (self, hb_listener_new_service_registered ("registered", NULL, NULL));
        listen (self, hb_listener_new_service_status ("status", NULL));
        listen (self, hb_listener_new_websocket ("ws_up", TRUE));
        listen (self, hb_listener_new_websocket ("ws_down", FALSE));
        listen (self, hb_listener_new_app_state_changed ("app_state", NULL, NULL));
        listen (self, hb_listener_new_topic ("custom", "custom.topic"));
        g_assert_nonnull (hb_scheduler_run_in (hb_app_get_scheduler (app), "later",
                                               hb_app_get_config_double (app, "delay"),
                                               job_cb, self, NULL, &local_error));
        g_assert_no_error (local_error);
        return TRUE;
      }

    case INIT_FAIL:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "no access to %s", entity);
      return FALSE;

    case INIT_HOLD_THEN_FINISH:
      {
        /* GIO-style: finished from a source on the context the harness pushed. */
        GSource *source = g_idle_source_new ();

        hb_task_hold (task, "network reply");
        g_source_set_callback (source, finish_held_cb, g_object_ref (task), g_object_unref);
        g_source_attach (source, g_main_context_get_thread_default ());
        g_source_unref (source);
        return TRUE;
      }

    case INIT_HOLD_FOREVER:
      hb_task_hold (task, "a reply that never comes");
      return TRUE;

    case INIT_SLEEP:
      return hb_task_sleep (task, 10, after_sleep_cb, NULL, NULL, error);

    default:
      g_assert_not_reached ();
    }
}

static void
test_probe_app_shutdown (HbApp *app)
{
  n_shutdown++;
}

static void
test_probe_app_finalize (GObject *object)
{
  TestProbeApp *self = TEST_PROBE_APP (object);

  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->handlers, g_ptr_array_unref);

  G_OBJECT_CLASS (test_probe_app_parent_class)->finalize (object);
}

static void
test_probe_app_class_init (TestProbeAppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  HbAppClass *app_class = HB_APP_CLASS (klass);
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  object_class->finalize = test_probe_app_finalize;
  app_class->initialize = test_probe_app_initialize;
  app_class->shutdown = test_probe_app_shutdown;

  hb_config_schema_add (schema, "entity", HB_CONFIG_ENTITY_ID, "\"binary_sensor.motion\"", NULL);
  hb_config_schema_add (schema, "delay", HB_CONFIG_DOUBLE, "300", NULL);
  hb_config_schema_add (schema, "required_thing", HB_CONFIG_STRING, NULL, NULL);
  hb_app_class_set_config_schema (app_class, schema);
}

static void
test_probe_app_init (TestProbeApp *self)
{
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->handlers = g_ptr_array_new_with_free_func (g_free);
}

/* Helpers */

#define T0 "2024-06-01T07:00:00+00:00"
#define T0_USEC G_GINT64_CONSTANT (1717225200000000)

static GDateTime *
t0 (void)
{
  return g_date_time_new_from_iso8601 (T0, NULL);
}

static HbHarness *
new_harness (const char *config_json)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = t0 ();
  HbHarness *harness;

  config = hb_json_object_from_string (config_json != NULL ? config_json
                                                           : "{\"required_thing\": \"x\"}",
                                       &error);
  g_assert_no_error (error);
  harness = hb_harness_new (TEST_TYPE_PROBE_APP, config);
  hb_harness_set_start_time (harness, start);
  return harness;
}

static HbHarness *
started_harness (void)
{
  g_autoptr(GError) error = NULL;
  HbHarness *harness = new_harness (NULL);

  init_mode = INIT_LISTEN;
  hb_harness_start (harness, &error);
  g_assert_no_error (error);
  return harness;
}

static TestProbeApp *
probe (HbHarness *harness)
{
  return TEST_PROBE_APP (hb_harness_get_app (harness));
}

static HbEvent *
only_event (HbHarness  *harness,
            const char *handler)
{
  TestProbeApp *app = probe (harness);

  g_assert_cmpuint (app->events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (app->handlers, 0), ==, handler);
  return g_ptr_array_index (app->events, 0);
}

static void
clear_events (HbHarness *harness)
{
  g_ptr_array_set_size (probe (harness)->events, 0);
  g_ptr_array_set_size (probe (harness)->handlers, 0);
}

/* Tests */

static void
test_lifecycle (void)
{
  g_autoptr(HbHarness) harness = new_harness ("{\"required_thing\": \"x\", "
                                              "\"instance_name\": \"hall\"}");
  g_autoptr(GError) error = NULL;
  HbApp *app;

  init_mode = INIT_LISTEN;
  n_initialize = n_shutdown = 0;

  g_assert_false (hb_harness_is_running (harness));
  g_assert_null (hb_harness_get_app (harness));
  g_assert_null (hb_harness_get_bus (harness));
  g_assert_nonnull (hb_harness_get_api (harness));
  g_assert_nonnull (hb_harness_get_states (harness));
  g_assert_nonnull (hb_harness_get_clock (harness));
  g_assert_nonnull (hb_harness_get_task_bucket (harness));
  g_assert_nonnull (hb_harness_get_context (harness));
  g_assert_true (hb_harness_get_app_type (harness) == TEST_TYPE_PROBE_APP);

  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_is_running (harness));
  g_assert_cmpuint (n_initialize, ==, 1);

  app = hb_harness_get_app (harness);
  g_assert_nonnull (app);
  g_assert_cmpstr (hb_app_get_app_key (app), ==, "test_probe_app");
  g_assert_cmpstr (hb_app_get_instance_name (app), ==, "hall");
  g_assert_cmpstr (hb_app_get_unique_name (app), ==, "TestProbeApp.hall");
  g_assert_true (hb_app_get_bus (app) == hb_harness_get_bus (harness));
  g_assert_true (hb_app_get_scheduler (app) == hb_harness_get_scheduler (harness));
  g_assert_true (hb_app_get_api (app) == hb_harness_get_api (harness));
  g_assert_cmpstr (hb_app_get_config_string (app, "log_level"), ==, "INFO");
  g_assert_cmpfloat (hb_app_get_config_double (app, "delay"), ==, 300.0);
  g_assert_cmpstr (json_object_get_string_member (hb_app_get_manifest (app), "app_key"), ==,
                   "test_probe_app");
  g_assert_cmpstr (json_object_get_string_member (hb_app_get_manifest (app), "class_name"), ==,
                   "TestProbeApp");
  g_assert_cmpuint (hb_bus_get_n_listeners (hb_harness_get_bus (harness)), ==, 10);

  hb_harness_start (harness, &error);
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_ALREADY_STARTED);
  g_clear_error (&error);

  g_assert_true (hb_harness_stop (harness, &error));
  g_assert_no_error (error);
  g_assert_false (hb_harness_is_running (harness));
  g_assert_cmpuint (n_shutdown, ==, 1);
  g_assert_cmpuint (hb_bus_get_n_listeners (hb_harness_get_bus (harness)), ==, 0);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (hb_harness_get_scheduler (harness)), ==, 0);
}

static void
test_identity (void)
{
  g_autofree char *a = hb_app_key_from_type_name ("MotionLights");
  g_autofree char *b = hb_app_key_from_type_name ("HTTPApp");
  g_autofree char *c = hb_app_key_from_type_name ("app2Go");
  g_autoptr(HbHarness) empty = new_harness (NULL);
  g_autoptr(HbHarness) prefixed = new_harness ("{\"required_thing\": \"x\", "
                                               "\"instance_name\": \"TestProbeApp.kitchen\"}");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (a, ==, "motion_lights");
  g_assert_cmpstr (b, ==, "h_t_t_p_app");
  g_assert_cmpstr (c, ==, "app2_go");

  init_mode = INIT_LISTEN;
  g_assert_true (hb_harness_start (empty, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hb_app_get_unique_name (hb_harness_get_app (empty)), ==, "TestProbeApp.");
  g_assert_true (hb_harness_start (prefixed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hb_app_get_unique_name (hb_harness_get_app (prefixed)), ==,
                   "TestProbeApp.kitchen");
}

static void
test_start_time_before_initialize (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  HbJob *job;

  /* The clock was frozen at T0 before initialize, so run_in(300) is due at T0+300. */
  g_assert_true (hb_clock_get_frozen (hb_harness_get_clock (harness)));
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (harness)), ==, T0_USEC);
  job = hb_scheduler_lookup_job (hb_harness_get_scheduler (harness), "later");
  g_assert_nonnull (job);
  g_assert_cmpint (hb_job_get_next_run_usec (job), ==, T0_USEC + 300 * HB_USEC_PER_SECOND);
}

static void
test_live_clock_without_start_time (void)
{
  g_autoptr(JsonObject) config = hb_json_object_from_string ("{\"required_thing\": \"x\"}", NULL);
  g_autoptr(HbHarness) harness = hb_harness_new (TEST_TYPE_PROBE_APP, config);
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time ();
  gint64 now;

  init_mode = INIT_LISTEN;
  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  g_assert_false (hb_clock_get_frozen (hb_harness_get_clock (harness)));
  now = hb_clock_get_now_usec (hb_harness_get_clock (harness));
  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, g_get_real_time ());

  /* advance_time needs a frozen clock; freeze_time makes one. */
  hb_harness_advance_time (harness, 1, &error);
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_NOT_FROZEN);
  g_clear_error (&error);
  g_assert_true (hb_harness_freeze_time (harness, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hb_clock_get_frozen (hb_harness_get_clock (harness)));
  now = hb_clock_get_now_usec (hb_harness_get_clock (harness));
  g_assert_true (hb_harness_advance_time (harness, 2.5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (harness)), ==,
                   now + 2500000);
}

static void
test_config_error_keeps_initialize_from_running (void)
{
  g_autoptr(HbHarness) harness = new_harness ("{}");
  g_autoptr(HbHarness) typo = new_harness ("{\"required_thing\": \"x\", \"dealy\": 3}");
  g_autoptr(GError) error = NULL;

  init_mode = INIT_LISTEN;
  n_initialize = 0;

  g_assert_false (hb_harness_start (harness, &error));
  g_assert_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_MISSING_FIELD);
  g_assert_cmpstr (error->message, ==,
                   "AppConfigurationError for TestProbeApp: 1 validation error — field "
                   "'required_thing': Field required");
  g_clear_error (&error);
  g_assert_cmpuint (n_initialize, ==, 0);
  g_assert_false (hb_harness_is_running (harness));
  g_assert_null (hb_harness_get_app (harness));
  /* Torn down: the class manifest is back to unset. */
  g_assert_null (hb_app_class_dup_manifest (TEST_TYPE_PROBE_APP));

  hb_harness_simulate_websocket (harness, TRUE, 0, &error);
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED);
  g_clear_error (&error);

  g_assert_false (hb_harness_start (typo, &error));
  g_assert_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "field 'dealy': Extra inputs are not permitted"));
  g_assert_cmpuint (n_initialize, ==, 0);
}

static void
test_initialize_failure_is_itself (void)
{
  g_autoptr(HbHarness) harness = new_harness (NULL);
  g_autoptr(GError) error = NULL;

  init_mode = INIT_FAIL;
  n_shutdown = 0;
  g_assert_false (hb_harness_start (harness, &error));
  /* Reference hazard #1328: not a timeout, the failure itself. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==, "no access to binary_sensor.motion");
  g_clear_error (&error);
  g_assert_false (hb_harness_is_running (harness));
  g_assert_cmpuint (hb_task_bucket_get_n_live (hb_harness_get_task_bucket (harness)), ==, 0);
  g_assert_cmpuint (n_shutdown, ==, 0);
  g_assert_true (hb_harness_stop (harness, &error));
  g_assert_no_error (error);
}

static void
test_initialize_held_then_finished (void)
{
  g_autoptr(HbHarness) harness = new_harness (NULL);
  g_autoptr(GError) error = NULL;

  init_mode = INIT_HOLD_THEN_FINISH;
  g_assert_true (hb_harness_set_startup_timeout (harness, 30, &error));
  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_is_running (harness));
  g_assert_cmpuint (hb_task_bucket_get_n_live (hb_harness_get_task_bucket (harness)), ==, 0);
}

static void
test_initialize_held_forever_times_out (void)
{
  g_autoptr(HbHarness) harness = new_harness (NULL);
  g_autoptr(GError) error = NULL;

  init_mode = INIT_HOLD_FOREVER;
  g_assert_true (hb_harness_set_startup_timeout (harness, 0.05, &error));
  g_assert_false (hb_harness_start (harness, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "Timed out waiting for TestProbeApp to initialize"));
  g_assert_nonnull (strstr (error->message, "app:initialize"));
  g_assert_nonnull (strstr (error->message, "a reply that never comes"));
  g_clear_error (&error);
  g_assert_false (hb_harness_is_running (harness));
  /* The held task was cancelled in the teardown. */
  g_assert_cmpuint (hb_task_bucket_get_n_live (hb_harness_get_task_bucket (harness)), ==, 0);
}

static void
test_initialize_sleeping_on_frozen_clock (void)
{
  g_autoptr(HbHarness) harness = new_harness (NULL);
  g_autoptr(GError) error = NULL;

  /* A frozen clock never reaches the sleep's end: fail at once instead of waiting 5 s. */
  init_mode = INIT_SLEEP;
  g_assert_false (hb_harness_start (harness, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "app:initialize"));
  g_assert_nonnull (strstr (error->message, "the clock is frozen"));
}

static void
test_seeding (void)
{
  g_autoptr(HbHarness) harness = new_harness (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attrs = hb_json_object_from_string ("{\"unit\": \"°C\"}", NULL);
  g_autoptr(JsonObject) many = hb_json_object_from_string (
    "{\"light.a\": \"on\", \"light.b\": [\"off\", {\"brightness\": 0}], \"light.c\": [\"on\"]}",
    NULL);
  HbStates *states = hb_harness_get_states (harness);
  HbState *state;
  HbState *other;

  /* Before start: seeding works and fires nothing. */
  g_assert_true (hb_harness_set_state (harness, "sensor.temp", "21.5", attrs, &error));
  g_assert_no_error (error);
  state = hb_states_lookup (states, "sensor.temp");
  g_assert_nonnull (state);
  g_assert_cmpstr (hb_state_get_state (state), ==, "21.5");
  g_assert_cmpstr (hb_state_get_last_changed (state), ==, "1970-01-01T00:00:00+00:00");
  g_assert_cmpstr (hb_state_get_last_updated (state), ==, "1970-01-01T00:00:00+00:00");
  g_assert_cmpstr (json_object_get_string_member (hb_state_get_attributes (state), "unit"), ==,
                   "°C");
  g_assert_nonnull (hb_state_get_context_id (state));

  g_assert_true (hb_harness_set_states (harness, many, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hb_state_get_state (hb_states_lookup (states, "light.a")), ==, "on");
  other = hb_states_lookup (states, "light.b");
  g_assert_cmpstr (hb_state_get_state (other), ==, "off");
  g_assert_cmpint (json_object_get_int_member (hb_state_get_attributes (other), "brightness"),
                   ==, 0);
  g_assert_cmpstr (hb_state_get_state (hb_states_lookup (states, "light.c")), ==, "on");
  /* A Home Assistant snapshot keeps its timestamps, made canonical; last_updated
   * defaults to last_changed. */
  {
    g_autoptr(JsonObject) stamped = hb_json_object_from_string (
      "{\"sun.sun\": [\"above_horizon\", {}, \"2024-06-01T06:52:11.5+02:00\", "
      "\"2024-06-01T05:59:00Z\"], \"light.d\": [\"on\", {}, \"2024-05-31T22:00:00+00:00\"]}",
      NULL);

    g_assert_true (hb_harness_set_states (harness, stamped, &error));
    g_assert_no_error (error);
    state = hb_states_lookup (states, "sun.sun");
    g_assert_cmpstr (hb_state_get_last_changed (state), ==, "2024-06-01T06:52:11.500000+02:00");
    g_assert_cmpstr (hb_state_get_last_updated (state), ==, "2024-06-01T05:59:00+00:00");
    state = hb_states_lookup (states, "light.d");
    g_assert_cmpstr (hb_state_get_last_changed (state), ==, "2024-05-31T22:00:00+00:00");
    g_assert_cmpstr (hb_state_get_last_updated (state), ==, "2024-05-31T22:00:00+00:00");
  }
  /* Fresh, distinct, deterministic contexts. */
  g_assert_cmpstr (hb_state_get_context_id (hb_states_lookup (states, "light.a")), !=,
                   hb_state_get_context_id (other));

  init_mode = INIT_LISTEN;
  g_assert_true (hb_harness_start (harness, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_set_state (harness, "binary_sensor.motion", "on", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_drain (harness, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (probe (harness)->events->len, ==, 0);
  g_assert_cmpuint (hb_bus_get_n_events (hb_harness_get_bus (harness)), ==, 0);
}

static void
test_seeding_deterministic (void)
{
  g_autoptr(HbHarness) a = new_harness (NULL);
  g_autoptr(HbHarness) b = new_harness (NULL);
  HbState *in_a;
  HbState *in_b;

  g_assert_true (hb_harness_set_state (a, "light.x", "on", NULL, NULL));
  g_assert_true (hb_harness_set_state (b, "light.x", "on", NULL, NULL));
  in_a = hb_states_lookup (hb_harness_get_states (a), "light.x");
  in_b = hb_states_lookup (hb_harness_get_states (b), "light.x");
  g_assert_cmpstr (hb_state_get_context_id (in_a), ==, hb_state_get_context_id (in_b));
}

static void
test_simulate_state_change (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attrs = hb_json_object_from_string ("{\"device_class\": \"motion\"}", NULL);
  g_autoptr(JsonObject) none = json_object_new ();
  HbEvent *event;
  HbState *old_state;
  HbState *new_state;
  HbState *stored;

  g_assert_true (hb_harness_set_state (harness, "binary_sensor.motion", "off", attrs, &error));
  g_assert_true (hb_harness_simulate_state_change (harness, "binary_sensor.motion", "off", "on",
                                                   NULL, NULL, HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);

  event = only_event (harness, "handler:state");
  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_STATE_CHANGED);
  g_assert_cmpstr (hb_event_get_entity_id (event), ==, "binary_sensor.motion");
  g_assert_cmpstr (hb_event_get_time_fired (event), ==, T0);
  g_assert_cmpstr (hb_event_get_origin (event), ==, "LOCAL");
  old_state = hb_event_get_old_state (event);
  new_state = hb_event_get_new_state (event);
  g_assert_cmpstr (hb_state_get_state (old_state), ==, "off");
  g_assert_cmpstr (hb_state_get_state (new_state), ==, "on");
  /* Missing sides take the stored attributes; both stamped with the clock's now. */
  g_assert_cmpstr (json_object_get_string_member (hb_state_get_attributes (old_state),
                                                  "device_class"), ==, "motion");
  g_assert_cmpstr (json_object_get_string_member (hb_state_get_attributes (new_state),
                                                  "device_class"), ==, "motion");
  g_assert_cmpstr (hb_state_get_last_changed (new_state), ==, T0);
  g_assert_cmpstr (hb_state_get_last_updated (old_state), ==, T0);
  g_assert_cmpstr (hb_state_get_context_id (old_state), !=, hb_state_get_context_id (new_state));

  stored = hb_states_lookup (hb_harness_get_states (harness), "binary_sensor.motion");
  g_assert_cmpstr (hb_state_get_state (stored), ==, "on");

  /* Same instant again: the store still takes it (hazard 12); {} means no attributes. */
  clear_events (harness);
  g_assert_true (hb_harness_simulate_state_change (harness, "binary_sensor.motion", "on", "off",
                                                   none, none, HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:state");
  g_assert_cmpuint (json_object_get_size (hb_state_get_attributes (hb_event_get_new_state (event))),
                    ==, 0);
  stored = hb_states_lookup (hb_harness_get_states (harness), "binary_sensor.motion");
  g_assert_cmpstr (hb_state_get_state (stored), ==, "off");

  /* A NULL new value removes the entity; a NULL old value is a creation. */
  clear_events (harness);
  g_assert_true (hb_harness_simulate_state_change (harness, "binary_sensor.motion", "off", NULL,
                                                   NULL, NULL, HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:state");
  g_assert_null (hb_event_get_new_state (event));
  g_assert_null (hb_states_lookup (hb_harness_get_states (harness), "binary_sensor.motion"));

  clear_events (harness);
  g_assert_true (hb_harness_simulate_state_change (harness, "binary_sensor.motion", NULL, "on",
                                                   NULL, NULL, HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:state");
  g_assert_null (hb_event_get_old_state (event));
  g_assert_cmpuint (json_object_get_size (hb_state_get_attributes (hb_event_get_new_state (event))),
                    ==, 0);
}

static void
test_simulate_attribute_change (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attrs =
    hb_json_object_from_string ("{\"temperature\": 20, \"unit\": \"C\"}", NULL);
  g_autoptr(JsonNode) old_value = hb_json_from_string ("20", NULL);
  g_autoptr(JsonNode) new_value = hb_json_from_string ("21", NULL);
  HbEvent *event;
  JsonObject *old_attrs;
  JsonObject *new_attrs;

  g_assert_true (hb_harness_set_state (harness, "sensor.temp", "ok", attrs, &error));
  g_assert_true (hb_harness_simulate_attribute_change (harness, "sensor.temp", "temperature",
                                                       old_value, new_value, NULL,
                                                       HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:attr");
  g_assert_cmpstr (hb_state_get_state (hb_event_get_old_state (event)), ==, "ok");
  g_assert_cmpstr (hb_state_get_state (hb_event_get_new_state (event)), ==, "ok");
  old_attrs = hb_state_get_attributes (hb_event_get_old_state (event));
  new_attrs = hb_state_get_attributes (hb_event_get_new_state (event));
  g_assert_cmpint (json_object_get_int_member (old_attrs, "temperature"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (new_attrs, "temperature"), ==, 21);
  g_assert_cmpstr (json_object_get_string_member (new_attrs, "unit"), ==, "C");

  /* An explicit state wins; a NULL value means missing on that side. */
  clear_events (harness);
  g_assert_true (hb_harness_simulate_attribute_change (harness, "sensor.temp", "temperature",
                                                       NULL, new_value, "warm",
                                                       HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:attr");
  g_assert_cmpstr (hb_state_get_state (hb_event_get_new_state (event)), ==, "warm");
  g_assert_false (json_object_has_member (hb_state_get_attributes (hb_event_get_old_state (event)),
                                          "temperature"));
}

static void
test_simulate_call_service (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) data = hb_json_object_from_string (
    "{\"entity_id\": \"light.kitchen\", \"timeout\": 5, \"domain\": \"d\", \"service\": \"s\"}",
    NULL);
  HbEvent *event;
  JsonObject *service_data;

  g_assert_true (hb_harness_simulate_call_service (harness, "light", "turn_on", data,
                                                   HB_DEFAULT_TIMEOUT, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:service");
  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_CALL_SERVICE);
  g_assert_cmpstr (hb_event_get_domain (event), ==, "light");
  g_assert_cmpstr (hb_event_get_service (event), ==, "turn_on");
  /* Hazard 11 fixed: timeout, domain and service are ordinary service-data keys. */
  service_data = hb_event_get_service_data (event);
  g_assert_cmpint (json_object_get_int_member (service_data, "timeout"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (service_data, "domain"), ==, "d");
  g_assert_cmpstr (json_object_get_string_member (service_data, "service"), ==, "s");
  g_assert_cmpstr (hb_event_get_entity_id (event), ==, "light.kitchen");

  clear_events (harness);
  g_assert_true (hb_harness_simulate_homeassistant (harness, "restart", HB_DEFAULT_TIMEOUT,
                                                    &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:service");
  g_assert_cmpstr (hb_event_get_domain (event), ==, "homeassistant");
  g_assert_cmpstr (hb_event_get_service (event), ==, "restart");
  g_assert_cmpuint (json_object_get_size (hb_event_get_service_data (event)), ==, 0);
}

static void
test_simulate_framework_events (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) custom = hb_json_object_from_string ("{\"x\": 1}", NULL);
  HbEvent *event;
  JsonObject *data;

  g_assert_true (hb_harness_simulate_component_loaded (harness, "zwave", 1, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:component");
  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_COMPONENT_LOADED);
  g_assert_cmpstr (json_object_get_string_member (hb_event_get_data (event), "component"), ==,
                   "zwave");

  clear_events (harness);
  g_assert_true (hb_harness_simulate_service_registered (harness, "light", "blink", 1, &error));
  g_assert_no_error (error);
  data = hb_event_get_data (only_event (harness, "handler:registered"));
  g_assert_cmpstr (json_object_get_string_member (data, "domain"), ==, "light");
  g_assert_cmpstr (json_object_get_string_member (data, "service"), ==, "blink");

  clear_events (harness);
  g_assert_true (hb_harness_simulate_service_status (harness, "SchedulerService",
                                                     HB_SERVICE_FAILED, HB_SERVICE_RUNNING,
                                                     "ConnectionError: connection lost", 1,
                                                     &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:status");
  g_assert_cmpstr (hb_event_get_origin (event), ==, "HASSETTE");
  data = hb_event_get_data (event);
  g_assert_cmpstr (json_object_get_string_member (data, "resource_name"), ==, "SchedulerService");
  g_assert_cmpstr (json_object_get_string_member (data, "role"), ==, "service");
  g_assert_cmpstr (json_object_get_string_member (data, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (data, "previous_status"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (data, "exception"), ==, "connection lost");
  g_assert_cmpstr (json_object_get_string_member (data, "exception_type"), ==, "ConnectionError");
  g_assert_true (json_object_get_null_member (data, "exception_traceback"));
  g_assert_true (json_object_get_null_member (data, "retry_at"));
  g_assert_false (json_object_get_boolean_member (data, "ready"));
  g_assert_true (json_object_get_null_member (data, "ready_phase"));

  clear_events (harness);
  g_assert_true (hb_harness_simulate_service_status (harness, "WebSocketService",
                                                     HB_SERVICE_CRASHED, -1, NULL, 1, &error));
  g_assert_no_error (error);
  data = hb_event_get_data (only_event (harness, "handler:status"));
  g_assert_true (json_object_get_null_member (data, "previous_status"));
  g_assert_true (json_object_get_null_member (data, "exception"));
  g_assert_true (json_object_get_null_member (data, "exception_type"));

  clear_events (harness);
  g_assert_true (hb_harness_simulate_websocket (harness, TRUE, 1, &error));
  g_assert_no_error (error);
  event = only_event (harness, "handler:ws_up");
  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_WEBSOCKET_CONNECTED);
  g_assert_cmpuint (json_object_get_size (hb_event_get_data (event)), ==, 0);
  clear_events (harness);
  g_assert_true (hb_harness_simulate_websocket (harness, FALSE, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hb_event_get_topic (only_event (harness, "handler:ws_down")), ==,
                   HB_TOPIC_WEBSOCKET_DISCONNECTED);

  clear_events (harness);
  g_assert_true (hb_harness_simulate_app_state_changed (harness, NULL, HB_SERVICE_STOPPING,
                                                        HB_SERVICE_RUNNING, NULL, 1, &error));
  g_assert_no_error (error);
  data = hb_event_get_data (only_event (harness, "handler:app_state"));
  g_assert_cmpstr (json_object_get_string_member (data, "app_key"), ==, "test_probe_app");
  g_assert_cmpint (json_object_get_int_member (data, "index"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (data, "status"), ==, "stopping");
  g_assert_cmpstr (json_object_get_string_member (data, "previous_status"), ==, "running");
  g_assert_cmpstr (json_object_get_string_member (data, "instance_name"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (data, "class_name"), ==, "TestProbeApp");
  g_assert_true (json_object_get_null_member (data, "exception"));

  /* Another app (reference hazard #1334: the app_key argument exists). */
  clear_events (harness);
  g_assert_true (hb_harness_simulate_app_state_changed (harness, "other_app", HB_SERVICE_FAILED,
                                                        -1, "ValueError: boom", 1, &error));
  g_assert_no_error (error);
  data = hb_event_get_data (only_event (harness, "handler:app_state"));
  g_assert_cmpstr (json_object_get_string_member (data, "app_key"), ==, "other_app");
  g_assert_cmpstr (json_object_get_string_member (data, "exception"), ==, "boom");

  clear_events (harness);
  g_assert_true (hb_harness_simulate_event (harness, "custom.topic", custom, 1, &error));
  g_assert_no_error (error);
  data = hb_event_get_data (only_event (harness, "handler:custom"));
  g_assert_cmpint (json_object_get_int_member (data, "x"), ==, 1);
}

static void
test_simulate_raw_state_changed_updates_store (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) data = hb_json_object_from_string (
    "{\"entity_id\": \"binary_sensor.motion\", \"old_state\": null, \"new_state\": "
    "{\"entity_id\": \"binary_sensor.motion\", \"state\": \"on\", \"attributes\": {}, "
    "\"last_changed\": \"" T0 "\", \"last_updated\": \"" T0 "\", \"context\": {\"id\": \"c\"}}}",
    NULL);

  g_assert_true (hb_harness_simulate_event (harness, HB_TOPIC_STATE_CHANGED, data, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (hb_state_get_state (hb_states_lookup (hb_harness_get_states (harness),
                                                         "binary_sensor.motion")), ==, "on");
  only_event (harness, "handler:state");
}

static void
test_stop_idempotent_and_stopped_errors (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = t0 ();
  g_autoptr(JsonObject) states = hb_json_object_from_string ("{\"light.a\": \"on\"}", NULL);
  guint64 n_events;

  n_shutdown = 0;
  g_assert_true (hb_harness_stop (harness, &error));
  g_assert_no_error (error);
  g_assert_true (hb_harness_stop (harness, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_shutdown, ==, 1);
  n_events = hb_bus_get_n_events (hb_harness_get_bus (harness));

#define ASSERT_STOPPED(call) \
  G_STMT_START { \
    call; \
    g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STOPPED); \
    g_assert_nonnull (strstr (error->message, "stopped")); \
    g_clear_error (&error); \
  } G_STMT_END

  ASSERT_STOPPED (hb_harness_simulate_state_change (harness, "light.a", "off", "on", NULL, NULL, 1,
                                                    &error));
  ASSERT_STOPPED (hb_harness_simulate_call_service (harness, "light", "turn_on", NULL, 1, &error));
  ASSERT_STOPPED (hb_harness_simulate_websocket (harness, TRUE, 1, &error));
  ASSERT_STOPPED (hb_harness_simulate_event (harness, "custom.topic", NULL, 1, &error));
  ASSERT_STOPPED (hb_harness_drain (harness, 1, &error));
  ASSERT_STOPPED (hb_harness_freeze_time (harness, at, &error));
  ASSERT_STOPPED (hb_harness_advance_time (harness, 1, &error));
  ASSERT_STOPPED (g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, -1));
  ASSERT_STOPPED (g_assert_cmpint (hb_harness_step (harness, 1, 1, &error), ==, -1));
  ASSERT_STOPPED (g_assert_cmpint (hb_harness_next_job (harness, 1, &error), ==, -1));
  ASSERT_STOPPED (hb_harness_finish (harness, 1, &error));
  ASSERT_STOPPED (hb_harness_set_state (harness, "light.a", "on", NULL, &error));
  ASSERT_STOPPED (hb_harness_set_states (harness, states, &error));
  ASSERT_STOPPED (hb_harness_start (harness, &error));

#undef ASSERT_STOPPED

  g_assert_cmpuint (hb_bus_get_n_events (hb_harness_get_bus (harness)), ==, n_events);
}

static void
test_finish_names_leftovers (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;

  g_assert_false (hb_harness_finish (harness, 1, &error));
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_STILL_ALIVE);
  g_assert_nonnull (strstr (error->message, "later (next run 2024-06-01T07:05:00+00:00)"));
  g_assert_nonnull (strstr (error->message, "10 listeners"));
  g_assert_nonnull (strstr (error->message, "state"));
  g_assert_nonnull (strstr (error->message, "ws_down"));
  g_clear_error (&error);
  /* The harness keeps running. */
  g_assert_true (hb_harness_is_running (harness));

  /* The job fires at T0+300, then only the listeners remain. */
  g_assert_cmpint (hb_harness_next_job (harness, 1, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (probe (harness)->n_job_runs, ==, 1);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (harness)), ==,
                   T0_USEC + 300 * HB_USEC_PER_SECOND);
  hb_bus_remove_all_listeners (hb_harness_get_bus (harness));
  g_assert_true (hb_harness_finish (harness, 1, &error));
  g_assert_no_error (error);

  /* next_job with nothing scheduled does not move the clock. */
  g_assert_cmpint (hb_harness_next_job (harness, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (harness)), ==,
                   T0_USEC + 300 * HB_USEC_PER_SECOND);
}

static void
test_step_and_trigger (void)
{
  g_autoptr(HbHarness) harness = started_harness ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (hb_harness_step (harness, 299, 1, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (probe (harness)->n_job_runs, ==, 0);
  g_assert_true (hb_harness_advance_time (harness, 1, &error));
  g_assert_cmpuint (probe (harness)->n_job_runs, ==, 0);
  g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (probe (harness)->n_job_runs, ==, 1);
  g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, 0);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/harness/lifecycle", test_lifecycle);
  g_test_add_func ("/hassbench/harness/identity", test_identity);
  g_test_add_func ("/hassbench/harness/start-time-before-initialize",
                   test_start_time_before_initialize);
  g_test_add_func ("/hassbench/harness/live-clock-without-start-time",
                   test_live_clock_without_start_time);
  g_test_add_func ("/hassbench/harness/config-error-before-initialize",
                   test_config_error_keeps_initialize_from_running);
  g_test_add_func ("/hassbench/harness/initialize-failure-is-itself",
                   test_initialize_failure_is_itself);
  g_test_add_func ("/hassbench/harness/initialize-held-then-finished",
                   test_initialize_held_then_finished);
  g_test_add_func ("/hassbench/harness/initialize-held-forever",
                   test_initialize_held_forever_times_out);
  g_test_add_func ("/hassbench/harness/initialize-sleeping-frozen",
                   test_initialize_sleeping_on_frozen_clock);
  g_test_add_func ("/hassbench/harness/seeding", test_seeding);
  g_test_add_func ("/hassbench/harness/seeding-deterministic", test_seeding_deterministic);
  g_test_add_func ("/hassbench/harness/simulate-state-change", test_simulate_state_change);
  g_test_add_func ("/hassbench/harness/simulate-attribute-change", test_simulate_attribute_change);
  g_test_add_func ("/hassbench/harness/simulate-call-service", test_simulate_call_service);
  g_test_add_func ("/hassbench/harness/simulate-framework-events", test_simulate_framework_events);
  g_test_add_func ("/hassbench/harness/simulate-raw-state-changed",
                   test_simulate_raw_state_changed_updates_store);
  g_test_add_func ("/hassbench/harness/stop-idempotent", test_stop_idempotent_and_stopped_errors);
  g_test_add_func ("/hassbench/harness/finish-names-leftovers", test_finish_names_leftovers);
  g_test_add_func ("/hassbench/harness/step-and-trigger", test_step_and_trigger);

  return g_test_run ();
}
