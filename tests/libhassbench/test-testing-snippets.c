/* test-testing-snippets.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <hassbench.h>

#include "hb-test-util.h"

/* Scenarios TS-1..TS-10 of harness-semantics.md §9.4, each with a small app of its own. */

#define T0_UNIX     HB_TEST_T0_UNIX
#define T0_USEC     HB_TEST_T0_USEC

#define TS_ERROR (ts_error_quark ())
static G_DEFINE_QUARK (ts-error, ts_error)
enum { TS_ERROR_VALUE = 1 };

/* ---------------------------------------------------------------------------------------
 * Shared helpers
 */

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

static gboolean
add_listener (HbApp          *app,
              HbListener     *listener,
              HbHandlerFunc   handler,
              GError        **error)
{
  g_autoptr(HbListener) owned = listener;

  hb_listener_set_handler (owned, handler, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), owned, HB_IF_EXISTS_ERROR, error) != NULL;
}

static gboolean
notify_message (HbApp       *app,
                const char  *service,
                const char  *message,
                GError     **error)
{
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_string_member (data, "message", message);

  return hb_recording_api_call_service (hb_app_get_api (app), "notify", service,
                                        NULL, FALSE, data, error);
}

static guint
n_calls (HbHarness *harness)
{
  return hb_recording_api_get_n_calls (hb_harness_get_api (harness));
}

static void
assert_call_count (HbHarness  *harness,
                   const char *method,
                   guint       count,
                   const char *kwargs_json)
{
  g_autoptr(GError) error = NULL;

  hb_recording_api_assert_call_count_json (hb_harness_get_api (harness), method, count,
                                           kwargs_json, &error);
  g_assert_no_error (error);
}

static void
assert_called_exact (HbHarness  *harness,
                     const char *method,
                     const char *kwargs_json)
{
  g_autoptr(GError) error = NULL;

  hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness), method,
                                             kwargs_json, &error);
  g_assert_no_error (error);
}

static gboolean
strv_contains_prefix (const char * const *names,
                      const char         *prefix)
{
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_prefix (names[i], prefix))
      return TRUE;

  return FALSE;
}

/* ---------------------------------------------------------------------------------------
 * TS-1: an attribute change fires a changed=FALSE state listener and an attribute
 * listener. Config state_changed: TRUE gives the state listener the default changed=TRUE.
 */

#define TS_TYPE_ATTRIBUTE_APP (ts_attribute_app_get_type ())
G_DECLARE_FINAL_TYPE (TsAttributeApp, ts_attribute_app, TS, ATTRIBUTE_APP, HbApp)

struct _TsAttributeApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsAttributeApp, ts_attribute_app, HB_TYPE_APP)

static gboolean
ts_attribute_indicator_cb (HbEvent   *event,
                           HbTask    *task,
                           gpointer   user_data,
                           GError   **error)
{
  return hb_recording_api_turn_on (hb_app_get_api (user_data), "light.indicator", "light",
                                   NULL, error);
}

static gboolean
ts_attribute_app_initialize (HbApp    *app,
                             HbTask   *task,
                             GError  **error)
{
  HbListener *state_listener = hb_listener_new_state_change ("temp_state", "sensor.temp");

  hb_listener_set_changed (state_listener, hb_app_get_config_boolean (app, "state_changed"));

  return add_listener (app, state_listener, ts_attribute_indicator_cb, error) &&
         add_listener (app,
                       hb_listener_new_attribute_change ("temp_attribute", "sensor.temp",
                                                         "temperature"),
                       ts_attribute_indicator_cb, error);
}

static void
ts_attribute_app_class_init (TsAttributeAppClass *klass)
{
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  HB_APP_CLASS (klass)->initialize = ts_attribute_app_initialize;
  hb_config_schema_add (schema, "state_changed", HB_CONFIG_BOOLEAN, "false",
                        "changed filter of the state listener");
  hb_app_class_set_config_schema (HB_APP_CLASS (klass), schema);
}

static void
ts_attribute_app_init (TsAttributeApp *self)
{
}

static void
simulate_temperature (HbHarness  *harness,
                      const char *state,
                      GError    **error)
{
  g_autoptr(JsonNode) old_value = json_node_init_int (json_node_alloc (), 20);
  g_autoptr(JsonNode) new_value = json_node_init_int (json_node_alloc (), 21);

  hb_harness_simulate_attribute_change (harness, "sensor.temp", "temperature",
                                        old_value, new_value, state,
                                        HB_DEFAULT_TIMEOUT, error);
}

static void
test_ts1_attribute_change (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_ATTRIBUTE_APP, NULL);
  HbBus *bus = hb_harness_get_bus (harness);
  g_autoptr(GError) error = NULL;
  guint64 n_events;

  /* Unseeded and no state given: an error, not a silent "unknown"; nothing sent. */
  n_events = hb_bus_get_n_events (bus);
  simulate_temperature (harness, NULL, &error);
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "sensor.temp"));
  g_assert_cmpuint (hb_bus_get_n_events (bus), ==, n_events);
  g_assert_cmpuint (n_calls (harness), ==, 0);
  g_clear_error (&error);

  simulate_temperature (harness, "unknown", &error);
  g_assert_no_error (error);
  assert_call_count (harness, "turn_on", 2,
                     "{\"entity_id\": \"light.indicator\", \"domain\": \"light\"}");
  assert_called_exact (harness, "turn_on",
                       "{\"entity_id\": \"light.indicator\", \"domain\": \"light\"}");
  g_assert_cmpuint (n_calls (harness), ==, 2);
  hb_test_stop_harness (harness);

  /* With the default changed=TRUE the state listener sees no change: only one call. */
  harness = hb_test_start_harness (TS_TYPE_ATTRIBUTE_APP, "{\"state_changed\": true}");
  simulate_temperature (harness, "unknown", &error);
  g_assert_no_error (error);
  assert_call_count (harness, "turn_on", 1, NULL);
  g_assert_cmpuint (hb_listener_get_n_runs (hb_bus_lookup_listener (hb_harness_get_bus (harness),
                                                                    "temp_attribute")),
                    ==, 1);
  g_assert_cmpuint (hb_listener_get_n_runs (hb_bus_lookup_listener (hb_harness_get_bus (harness),
                                                                    "temp_state")),
                    ==, 0);
  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-2: the domain of a call_service event. Also used by TS-7.
 */

#define TS_TYPE_DOMAIN_APP (ts_domain_app_get_type ())
G_DECLARE_FINAL_TYPE (TsDomainApp, ts_domain_app, TS, DOMAIN_APP, HbApp)

struct _TsDomainApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsDomainApp, ts_domain_app, HB_TYPE_APP)

static gboolean
ts_domain_service_cb (HbEvent   *event,
                      HbTask    *task,
                      gpointer   user_data,
                      GError   **error)
{
  g_autofree char *message = g_strdup_printf ("Service called on %s",
                                              hb_event_get_domain (event));

  return notify_message (user_data, "log", message, error);
}

static gboolean
ts_domain_app_initialize (HbApp    *app,
                          HbTask   *task,
                          GError  **error)
{
  return add_listener (app, hb_listener_new_call_service ("any_service", NULL, NULL),
                       ts_domain_service_cb, error);
}

static void
ts_domain_app_class_init (TsDomainAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = ts_domain_app_initialize;
}

static void
ts_domain_app_init (TsDomainApp *self)
{
}

static void
call_service (HbHarness  *harness,
              const char *domain,
              const char *service,
              const char *data_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) data = hb_json_object_from_string (data_json, &error);

  g_assert_no_error (error);
  hb_harness_simulate_call_service (harness, domain, service, data, HB_DEFAULT_TIMEOUT,
                                    &error);
  g_assert_no_error (error);
}

static void
test_ts2_domain (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_DOMAIN_APP, NULL);

  call_service (harness, "light", "turn_on", "{\"entity_id\": \"light.kitchen\"}");
  assert_called_exact (harness, "call_service",
                       "{\"domain\": \"notify\", \"service\": \"log\", \"target\": null,"
                       " \"return_response\": false, \"message\": \"Service called on light\"}");
  g_assert_cmpuint (n_calls (harness), ==, 1);

  call_service (harness, "cover", "open_cover", "{}");
  assert_call_count (harness, "call_service", 1,
                     "{\"message\": \"Service called on cover\"}");
  g_assert_cmpuint (n_calls (harness), ==, 2);

  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-3: the new state with attributes seeded before.
 */

#define TS_TYPE_DOOR_APP (ts_door_app_get_type ())
G_DECLARE_FINAL_TYPE (TsDoorApp, ts_door_app, TS, DOOR_APP, HbApp)

struct _TsDoorApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsDoorApp, ts_door_app, HB_TYPE_APP)

static gboolean
ts_door_changed_cb (HbEvent   *event,
                    HbTask    *task,
                    gpointer   user_data,
                    GError   **error)
{
  HbState *new_state = hb_event_get_new_state (event);
  JsonNode *device_class;

  if (new_state == NULL || g_strcmp0 (hb_state_get_state (new_state), "on") != 0)
    return TRUE;

  device_class = hb_state_get_attribute (new_state, "device_class");
  if (device_class == NULL || !JSON_NODE_HOLDS_VALUE (device_class) ||
      g_strcmp0 (json_node_get_string (device_class), "door") != 0)
    return TRUE;

  return notify_message (user_data, "send_message", "Door opened", error);
}

static gboolean
ts_door_app_initialize (HbApp    *app,
                        HbTask   *task,
                        GError  **error)
{
  return add_listener (app,
                       hb_listener_new_state_change ("door",
                                                     hb_app_get_config_string (app,
                                                                               "door_entity")),
                       ts_door_changed_cb, error);
}

static void
ts_door_app_class_init (TsDoorAppClass *klass)
{
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  HB_APP_CLASS (klass)->initialize = ts_door_app_initialize;
  hb_config_schema_add (schema, "door_entity", HB_CONFIG_ENTITY_ID, NULL, "The door sensor");
  hb_app_class_set_config_schema (HB_APP_CLASS (klass), schema);
}

static void
ts_door_app_init (TsDoorApp *self)
{
}

static void
seed_door (HbHarness  *harness,
           const char *device_class)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attributes = json_object_new ();

  json_object_set_string_member (attributes, "device_class", device_class);
  hb_harness_set_state (harness, "binary_sensor.front_door", "off", attributes, &error);
  g_assert_no_error (error);
}

static void
test_ts3_state_new_seeded (void)
{
  static const char *config = "{\"door_entity\": \"binary_sensor.front_door\"}";
  HbHarness *harness;

  harness = hb_test_start_harness (TS_TYPE_DOOR_APP, config);
  seed_door (harness, "door");
  g_assert_cmpuint (n_calls (harness), ==, 0);   /* seeding fires nothing */
  simulate (harness, "binary_sensor.front_door", "off", "on");
  assert_called_exact (harness, "call_service",
                       "{\"domain\": \"notify\", \"service\": \"send_message\","
                       " \"target\": null, \"return_response\": false,"
                       " \"message\": \"Door opened\"}");
  g_assert_cmpuint (n_calls (harness), ==, 1);
  hb_test_stop_harness (harness);

  /* unseeded: no device_class */
  harness = hb_test_start_harness (TS_TYPE_DOOR_APP, config);
  simulate (harness, "binary_sensor.front_door", "off", "on");
  g_assert_cmpuint (n_calls (harness), ==, 0);
  hb_test_stop_harness (harness);

  harness = hb_test_start_harness (TS_TYPE_DOOR_APP, config);
  seed_door (harness, "window");
  simulate (harness, "binary_sensor.front_door", "off", "on");
  g_assert_cmpuint (n_calls (harness), ==, 0);
  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-4: a service watchdog on framework service-status events.
 */

#define TS_TYPE_WATCHDOG_APP (ts_watchdog_app_get_type ())
G_DECLARE_FINAL_TYPE (TsWatchdogApp, ts_watchdog_app, TS, WATCHDOG_APP, HbApp)

struct _TsWatchdogApp
{
  HbApp  parent_instance;
  char  *last_resource;
};
G_DEFINE_FINAL_TYPE (TsWatchdogApp, ts_watchdog_app, HB_TYPE_APP)

static gboolean
ts_watchdog_failed_cb (HbEvent   *event,
                       HbTask    *task,
                       gpointer   user_data,
                       GError   **error)
{
  TsWatchdogApp *self = user_data;
  JsonObject *data = hb_event_get_data (event);

  g_free (self->last_resource);
  self->last_resource = g_strdup (json_object_get_string_member_with_default (data,
                                                                            "resource_name",
                                                                            NULL));

  return notify_message (HB_APP (self), "send_message", "Service failed", error);
}

static gboolean
ts_watchdog_app_initialize (HbApp    *app,
                            HbTask   *task,
                            GError  **error)
{
  return add_listener (app, hb_listener_new_service_status ("watchdog", "failed"),
                       ts_watchdog_failed_cb, error);
}

static void
ts_watchdog_app_finalize (GObject *object)
{
  TsWatchdogApp *self = TS_WATCHDOG_APP (object);

  g_free (self->last_resource);

  G_OBJECT_CLASS (ts_watchdog_app_parent_class)->finalize (object);
}

static void
ts_watchdog_app_class_init (TsWatchdogAppClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_watchdog_app_finalize;
  HB_APP_CLASS (klass)->initialize = ts_watchdog_app_initialize;
}

static void
ts_watchdog_app_init (TsWatchdogApp *self)
{
}

static void
test_ts4_watchdog (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_WATCHDOG_APP, NULL);
  TsWatchdogApp *app = TS_WATCHDOG_APP (hb_harness_get_app (harness));
  static const char *expected =
    "{\"domain\": \"notify\", \"service\": \"send_message\", \"target\": null,"
    " \"return_response\": false, \"message\": \"Service failed\"}";
  g_autoptr(GError) error = NULL;

  hb_harness_simulate_service_status (harness, "WebSocketService", HB_SERVICE_FAILED, -1,
                                      NULL, HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
  assert_called_exact (harness, "call_service", expected);
  g_assert_cmpuint (n_calls (harness), ==, 1);
  g_assert_cmpstr (app->last_resource, ==, "WebSocketService");

  hb_harness_simulate_service_status (harness, "SchedulerService", HB_SERVICE_FAILED,
                                      HB_SERVICE_RUNNING, "ConnectionError: connection lost",
                                      HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
  assert_call_count (harness, "call_service", 2, "{\"message\": \"Service failed\"}");
  g_assert_cmpstr (app->last_resource, ==, "SchedulerService");

  /* crashed and running are not "failed" */
  hb_harness_simulate_service_status (harness, "ApiService", HB_SERVICE_CRASHED,
                                      HB_SERVICE_RUNNING, "RuntimeError: gone",
                                      HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
  hb_harness_simulate_service_status (harness, "ApiService", HB_SERVICE_RUNNING, -1, NULL,
                                      HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_calls (harness), ==, 2);
  g_assert_cmpstr (app->last_resource, ==, "SchedulerService");

  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-5: a config error names the field; initialize never runs.
 */

#define TS_TYPE_REQUIRED_APP (ts_required_app_get_type ())
G_DECLARE_FINAL_TYPE (TsRequiredApp, ts_required_app, TS, REQUIRED_APP, HbApp)

struct _TsRequiredApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsRequiredApp, ts_required_app, HB_TYPE_APP)

static guint ts_required_n_initialized;

static gboolean
ts_required_app_initialize (HbApp    *app,
                            HbTask   *task,
                            GError  **error)
{
  ts_required_n_initialized++;

  return TRUE;
}

static void
ts_required_app_class_init (TsRequiredAppClass *klass)
{
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  HB_APP_CLASS (klass)->initialize = ts_required_app_initialize;
  hb_config_schema_add (schema, "motion_entity", HB_CONFIG_ENTITY_ID, NULL, "Required");
  hb_app_class_set_config_schema (HB_APP_CLASS (klass), schema);
}

static void
ts_required_app_init (TsRequiredApp *self)
{
}

static void
test_ts5_config_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonObject) typo = NULL;

  ts_required_n_initialized = 0;

  harness = hb_harness_new (TS_TYPE_REQUIRED_APP, empty);
  g_assert_false (hb_harness_start (harness, &error));
  g_assert_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_MISSING_FIELD);
  g_test_message ("config error: %s", error->message);
  g_assert_nonnull (strstr (error->message,
                            "1 validation error — field 'motion_entity': Field required"));
  g_assert_cmpuint (ts_required_n_initialized, ==, 0);
  g_assert_false (hb_harness_is_running (harness));
  g_clear_error (&error);

  /* The harness is not usable after a failed start. */
  g_assert_false (hb_harness_simulate_state_change (harness, "binary_sensor.x", "off", "on",
                                                    NULL, NULL, HB_DEFAULT_TIMEOUT,
                                                    &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == HB_HARNESS_ERROR);
  g_clear_error (&error);
  g_clear_object (&harness);

  /* An unknown key (a typo) is rejected too, naming it. */
  typo = hb_json_object_from_string ("{\"motion_entity\": \"binary_sensor.x\","
                                     " \"motoin_entity\": \"binary_sensor.y\"}", &error);
  g_assert_no_error (error);
  harness = hb_harness_new (TS_TYPE_REQUIRED_APP, typo);
  g_assert_false (hb_harness_start (harness, &error));
  g_assert_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_UNKNOWN_FIELD);
  g_assert_nonnull (strstr (error->message, "'motoin_entity'"));
  g_assert_cmpuint (ts_required_n_initialized, ==, 0);
}

/* ---------------------------------------------------------------------------------------
 * TS-6: a reminder scheduled in initialize, with the clock frozen before start.
 */

#define TS_TYPE_REMINDER_APP (ts_reminder_app_get_type ())
G_DECLARE_FINAL_TYPE (TsReminderApp, ts_reminder_app, TS, REMINDER_APP, HbApp)

struct _TsReminderApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsReminderApp, ts_reminder_app, HB_TYPE_APP)

static gboolean
ts_reminder_fire_cb (HbJob     *job,
                     HbTask    *task,
                     gpointer   user_data,
                     GError   **error)
{
  return hb_recording_api_fire_event (hb_app_get_api (user_data), "reminder_fired", NULL,
                                      error);
}

static gboolean
ts_reminder_app_initialize (HbApp    *app,
                            HbTask   *task,
                            GError  **error)
{
  return hb_scheduler_run_in (hb_app_get_scheduler (app), "reminder", 3600,
                              ts_reminder_fire_cb, app, NULL, error) != NULL;
}

static void
ts_reminder_app_class_init (TsReminderAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = ts_reminder_app_initialize;
}

static void
ts_reminder_app_init (TsReminderApp *self)
{
}

static void
test_ts6_reminder (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_REMINDER_APP, NULL);
  HbJob *job = hb_scheduler_lookup_job (hb_harness_get_scheduler (harness), "reminder");
  g_autoptr(GError) error = NULL;

  /* made in initialize, yet from the frozen clock */
  g_assert_nonnull (job);
  g_assert_cmpint (hb_job_get_fire_at_usec (job), ==, T0_USEC + 3600 * HB_USEC_PER_SECOND);

  hb_harness_advance_time (harness, 3599, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (n_calls (harness), ==, 0);

  hb_harness_advance_time (harness, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, 1);
  g_assert_no_error (error);
  assert_called_exact (harness, "fire_event",
                       "{\"event_type\": \"reminder_fired\", \"event_data\": null}");
  g_assert_cmpuint (n_calls (harness), ==, 1);
  g_assert_cmpuint (hb_scheduler_get_n_jobs (hb_harness_get_scheduler (harness)), ==, 0);

  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-7: reset() empties the recorder; a list taken before keeps its calls.
 */

static void
test_ts7_reset (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_DOMAIN_APP, NULL);
  HbRecordingApi *api = hb_harness_get_api (harness);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *kwargs;

  call_service (harness, "light", "turn_on", "{}");
  call_service (harness, "switch", "turn_off", "{}");
  before = hb_recording_api_get_calls (api, NULL);
  g_assert_cmpuint (before->len, ==, 2);

  hb_recording_api_reset (api);
  after = hb_recording_api_get_calls (api, NULL);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_cmpuint (hb_recording_api_get_n_calls (api), ==, 0);
  g_assert_false (hb_recording_api_assert_called_json (api, "call_service", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NOT_CALLED);
  g_clear_error (&error);

  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpstr (hb_api_call_get_method (g_ptr_array_index (before, 0)), ==, "call_service");
  kwargs = hb_api_call_get_kwargs (g_ptr_array_index (before, 1));
  g_assert_cmpstr (json_object_get_string_member (kwargs, "message"), ==,
                   "Service called on switch");

  /* counting starts again */
  call_service (harness, "cover", "open_cover", "{}");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = hb_recording_api_get_calls (api, NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpuint (hb_api_call_get_index (g_ptr_array_index (after, 0)), ==, 0);
  g_assert_cmpuint (before->len, ==, 2);

  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-8: a handler that records at once and one that finishes later (held task,
 * completed from an idle on the harness context) record the same call.
 */

#define TS_TYPE_SYNC_ASYNC_APP (ts_sync_async_app_get_type ())
G_DECLARE_FINAL_TYPE (TsSyncAsyncApp, ts_sync_async_app, TS, SYNC_ASYNC_APP, HbApp)

struct _TsSyncAsyncApp
{
  HbApp    parent_instance;
  gboolean async_was_waiting;
  guint    async_done;
};
G_DEFINE_FINAL_TYPE (TsSyncAsyncApp, ts_sync_async_app, HB_TYPE_APP)

typedef struct
{
  TsSyncAsyncApp *app;
  HbTask         *task;
} TsAsyncCall;

static void
ts_async_call_free (gpointer data)
{
  TsAsyncCall *call = data;

  g_clear_object (&call->task);
  g_free (call);
}

static gboolean
ts_turn_on_kitchen (HbApp   *app,
                    GError **error)
{
  return hb_recording_api_turn_on (hb_app_get_api (app), "light.kitchen", "light", NULL,
                                   error);
}

static gboolean
ts_sync_handler_cb (HbEvent   *event,
                    HbTask    *task,
                    gpointer   user_data,
                    GError   **error)
{
  return ts_turn_on_kitchen (user_data, error);
}

static gboolean
ts_async_finish_cb (gpointer data)
{
  TsAsyncCall *call = data;
  GError *error = NULL;

  if (hb_task_is_finished (call->task))
    return G_SOURCE_REMOVE;

  call->app->async_was_waiting = hb_task_get_state (call->task) == HB_TASK_WAITING;

  if (ts_turn_on_kitchen (HB_APP (call->app), &error))
    hb_task_return (call->task);
  else
    hb_task_return_error (call->task, error);
  call->app->async_done++;

  return G_SOURCE_REMOVE;
}

static gboolean
ts_async_handler_cb (HbEvent   *event,
                     HbTask    *task,
                     gpointer   user_data,
                     GError   **error)
{
  TsSyncAsyncApp *self = user_data;
  g_autoptr(GSource) source = g_idle_source_new ();
  TsAsyncCall *call = g_new0 (TsAsyncCall, 1);

  call->app = self;
  call->task = g_object_ref (task);
  g_source_set_callback (source, ts_async_finish_cb, call, ts_async_call_free);
  g_source_attach (source, hb_task_bucket_get_context (hb_app_get_task_bucket (HB_APP (self))));
  hb_task_hold (task, "an idle callback");

  return TRUE;
}

static gboolean
ts_sync_async_app_initialize (HbApp    *app,
                              HbTask   *task,
                              GError  **error)
{
  return add_listener (app, hb_listener_new_state_change ("sync_handler", "input_boolean.go"),
                       ts_sync_handler_cb, error) &&
         add_listener (app, hb_listener_new_state_change ("async_handler", "input_boolean.go"),
                       ts_async_handler_cb, error);
}

static void
ts_sync_async_app_class_init (TsSyncAsyncAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = ts_sync_async_app_initialize;
}

static void
ts_sync_async_app_init (TsSyncAsyncApp *self)
{
}

static void
test_ts8_sync_and_async (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_SYNC_ASYNC_APP, NULL);
  TsSyncAsyncApp *app = TS_SYNC_ASYNC_APP (hb_harness_get_app (harness));
  g_autoptr(GPtrArray) calls = NULL;

  simulate (harness, "input_boolean.go", "off", "on");

  /* the drain waited for the held task */
  g_assert_cmpuint (app->async_done, ==, 1);
  g_assert_true (app->async_was_waiting);
  g_assert_cmpuint (hb_task_bucket_get_n_waiting (hb_harness_get_task_bucket (harness)), ==, 0);

  assert_call_count (harness, "turn_on", 2,
                     "{\"entity_id\": \"light.kitchen\", \"domain\": \"light\"}");
  calls = hb_recording_api_get_calls (hb_harness_get_api (harness), "turn_on");
  g_assert_cmpuint (calls->len, ==, 2);
  g_assert_true (hb_json_object_equal (hb_api_call_get_kwargs (g_ptr_array_index (calls, 0)),
                                       hb_api_call_get_kwargs (g_ptr_array_index (calls, 1))));

  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-9: an app task failing after 20 ms of clock time; a perpetual spawner; bad timeouts.
 */

#define TS_TYPE_BOOM_APP (ts_boom_app_get_type ())
G_DECLARE_FINAL_TYPE (TsBoomApp, ts_boom_app, TS, BOOM_APP, HbApp)

struct _TsBoomApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsBoomApp, ts_boom_app, HB_TYPE_APP)

static gboolean
ts_boom_fail (HbTask    *task,
              gpointer   user_data,
              GError   **error)
{
  g_set_error_literal (error, TS_ERROR, TS_ERROR_VALUE, "ValueError: boom");

  return FALSE;
}

static gboolean
ts_boom_start (HbTask    *task,
               gpointer   user_data,
               GError   **error)
{
  return hb_task_sleep (task, 0.020, ts_boom_fail, NULL, NULL, error);
}

static gboolean
ts_boom_kick_cb (HbEvent   *event,
                 HbTask    *task,
                 gpointer   user_data,
                 GError   **error)
{
  hb_task_spawn_child (task, "boom_worker", ts_boom_start, NULL, NULL);

  return TRUE;
}

/* The perpetual spawner: each "spawner" task holds, and an idle on the harness context
 * spawns the next one and then lets the held one finish. There is always work that is
 * runnable or waiting, and it passes through the main loop, so only the drain's real-time
 * deadline ends it. Cancelling a held task (harness stop) destroys its idle. */
typedef struct
{
  HbApp  *app;
  HbTask *task;
} TsSpawn;

static gboolean ts_spawner_step (HbTask    *task,
                                 gpointer   user_data,
                                 GError   **error);

static void
ts_spawn_free (gpointer data)
{
  TsSpawn *spawn = data;

  g_clear_object (&spawn->task);
  g_free (spawn);
}

static gboolean
ts_spawn_idle_cb (gpointer data)
{
  TsSpawn *spawn = data;

  if (hb_task_get_state (spawn->task) != HB_TASK_WAITING)
    return G_SOURCE_REMOVE;

  hb_task_bucket_spawn (hb_app_get_task_bucket (spawn->app), "spawner",
                        hb_app_get_unique_name (spawn->app), ts_spawner_step, spawn->app,
                        NULL);
  hb_task_return (spawn->task);

  return G_SOURCE_REMOVE;
}

static void
ts_spawn_cancelled_cb (GCancellable *cancellable,
                       gpointer      data)
{
  g_source_destroy (data);
}

static gboolean
ts_spawner_step (HbTask    *task,
                 gpointer   user_data,
                 GError   **error)
{
  HbApp *app = user_data;
  GSource *source = g_idle_source_new ();
  TsSpawn *spawn = g_new0 (TsSpawn, 1);

  spawn->app = app;
  spawn->task = g_object_ref (task);
  g_source_set_callback (source, ts_spawn_idle_cb, spawn, ts_spawn_free);
  g_source_attach (source, hb_task_bucket_get_context (hb_app_get_task_bucket (app)));
  hb_task_hold (task, "the spawner's idle");
  /* the cancellable keeps our reference on the source until the task goes */
  g_cancellable_connect (hb_task_get_cancellable (task), G_CALLBACK (ts_spawn_cancelled_cb),
                         source, (GDestroyNotify) g_source_unref);

  return TRUE;
}

/* The tight variant: each step queues the next runnable task directly, without passing
 * through the main loop. */
static gboolean
ts_tight_spawner_step (HbTask    *task,
                       gpointer   user_data,
                       GError   **error)
{
  hb_task_spawn_child (task, "tight_spawner", ts_tight_spawner_step, NULL, NULL);

  return TRUE;
}

static gboolean
ts_tight_spawn_cb (HbEvent   *event,
                   HbTask    *task,
                   gpointer   user_data,
                   GError   **error)
{
  hb_task_spawn_child (task, "tight_spawner", ts_tight_spawner_step, NULL, NULL);

  return TRUE;
}

static gboolean
ts_spawn_cb (HbEvent   *event,
             HbTask    *task,
             gpointer   user_data,
             GError   **error)
{
  HbApp *app = user_data;

  hb_task_bucket_spawn (hb_app_get_task_bucket (app), "spawner", hb_app_get_unique_name (app),
                        ts_spawner_step, app, NULL);

  return TRUE;
}

static gboolean
ts_boom_app_initialize (HbApp    *app,
                        HbTask   *task,
                        GError  **error)
{
  return add_listener (app, hb_listener_new_state_change ("kick", "input_button.kick"),
                       ts_boom_kick_cb, error) &&
         add_listener (app, hb_listener_new_state_change ("spawn", "input_button.spawn"),
                       ts_spawn_cb, error) &&
         add_listener (app, hb_listener_new_state_change ("tight", "input_button.tight"),
                       ts_tight_spawn_cb, error);
}

static void
ts_boom_app_class_init (TsBoomAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = ts_boom_app_initialize;
}

static void
ts_boom_app_init (TsBoomApp *self)
{
}

static void
test_ts9_task_failure (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_BOOM_APP, NULL);
  HbTaskBucket *bucket = hb_harness_get_task_bucket (harness);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) live = NULL;
  HbDrainReport *report;

  /* The worker sleeps on the frozen clock: parked, so the drain succeeds. */
  simulate (harness, "input_button.kick", "2024-06-01T06:00:00+00:00",
            "2024-06-01T07:00:00+00:00");
  g_assert_cmpuint (hb_task_bucket_get_n_sleeping (bucket), ==, 1);
  live = hb_task_bucket_list_live_names (bucket, NULL);
  g_assert_true (strv_contains_prefix ((const char * const *) live, "boom_worker"));

  /* 10 ms of clock time: not yet */
  g_assert_cmpint (hb_harness_step (harness, 0.010, HB_DEFAULT_TIMEOUT, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (hb_task_bucket_get_n_sleeping (bucket), ==, 1);

  /* 20 ms: it fails, and the failure is a drain error carrying it */
  g_assert_cmpint (hb_harness_step (harness, 0.010, HB_DEFAULT_TIMEOUT, &error), ==, -1);
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TASK_FAILED);
  g_assert_nonnull (strstr (error->message, "boom"));
  g_assert_cmpuint (hb_task_bucket_get_n_live (bucket), ==, 0);

  report = hb_harness_get_drain_report (harness);
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 1);
  g_assert_cmpstr (hb_drain_report_get_task_name (report, 0), ==, "boom_worker");
  g_assert_error ((GError *) hb_drain_report_get_error (report, 0), TS_ERROR, TS_ERROR_VALUE);

  hb_test_stop_harness (harness);
}

static void
test_ts9_perpetual_spawner (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_BOOM_APP, NULL);
  HbDrainReport *report;
  const char * const *pending;
  g_autoptr(GError) error = NULL;
  gint64 started;
  gint64 elapsed;

  started = g_get_monotonic_time ();
  g_assert_false (hb_harness_simulate_state_change (harness, "input_button.spawn", "a", "b",
                                                    NULL, NULL, 0.15, &error));
  elapsed = g_get_monotonic_time () - started;
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_test_message ("drain timeout after %" G_GINT64_FORMAT " us: %s", elapsed, error->message);
  g_assert_nonnull (strstr (error->message, "spawner"));
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  /* it waited for the deadline (real time), and not much longer */
  g_assert_cmpint (elapsed, >=, 150000);
  g_assert_cmpint (elapsed, <, 30 * G_USEC_PER_SEC);

  report = hb_harness_get_drain_report (harness);
  g_assert_true (hb_drain_report_get_timed_out (report));
  g_assert_cmpuint (hb_drain_report_get_n_failures (report), ==, 0);
  pending = hb_drain_report_get_pending (report);
  g_assert_true (strv_contains_prefix (pending, "spawner"));

  /* stop cancels the spawner */
  hb_test_stop_harness (harness);
}

static void
test_ts9_tight_spawner_subprocess (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_BOOM_APP, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (hb_harness_simulate_state_change (harness, "input_button.tight", "a", "b",
                                                    NULL, NULL, 0.15, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "tight_spawner"));
  g_assert_true (hb_drain_report_get_timed_out (hb_harness_get_drain_report (harness)));

  hb_test_stop_harness (harness);
}

/* After that drain gave up, the spawner is still runnable. trigger_due_jobs runs what is
 * runnable "without waiting": it must come back too, not run the spawner forever. */
static void
test_ts9_tight_spawner_trigger_subprocess (void)
{
  HbHarness *harness = hb_test_start_harness (TS_TYPE_BOOM_APP, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (hb_harness_simulate_state_change (harness, "input_button.tight", "a", "b",
                                                    NULL, NULL, 0.15, &error));
  g_assert_error (error, HB_DRAIN_ERROR, HB_DRAIN_ERROR_TIMEOUT);
  g_clear_error (&error);

  g_assert_cmpint (hb_harness_trigger_due_jobs (harness, &error), ==, 0);
  g_assert_no_error (error);

  hb_test_stop_harness (harness);
}

static void
test_ts9_tight_spawner_trigger (void)
{
  g_test_trap_subprocess ("/hassbench/snippets/ts9-tight-spawner-trigger/subprocess",
                          5 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  /* trigger_due_jobs runs one snapshot of the run queue, so it comes back. */
  g_test_trap_assert_passed ();
}

/* A spawner that keeps the run queue non-empty forever must still be stopped by the
 * drain's deadline. Run in a subprocess so a drain that never returns fails this test
 * instead of hanging the suite. */
static void
test_ts9_tight_spawner (void)
{
  g_test_trap_subprocess ("/hassbench/snippets/ts9-tight-spawner/subprocess",
                          20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_ts9_bad_timeouts (void)
{
  const double bad[] = { NAN, INFINITY, -INFINITY, -1.0, -0.001 };
  HbHarness *harness = hb_test_start_harness (TS_TYPE_BOOM_APP, NULL);
  HbBus *bus = hb_harness_get_bus (harness);
  HbClock *clock = hb_harness_get_clock (harness);
  HbListener *kick = hb_bus_lookup_listener (bus, "kick");
  guint64 n_events = hb_bus_get_n_events (bus);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("timeout %g", bad[i]);
      g_assert_false (hb_harness_simulate_state_change (harness, "input_button.kick", "a", "b",
                                                        NULL, NULL, bad[i], &error));
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "timeout"));
      g_clear_error (&error);

      g_assert_false (hb_harness_simulate_call_service (harness, "light", "turn_on", NULL,
                                                        bad[i], &error));
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);

      g_assert_false (hb_harness_drain (harness, bad[i], &error));
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);

      /* step validates before it moves the clock */
      g_assert_cmpint (hb_harness_step (harness, 1.0, bad[i], &error), ==, -1);
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0_USEC);
    }

  /* nothing was sent, nothing ran, nothing was stored */
  g_assert_cmpuint (hb_bus_get_n_events (bus), ==, n_events);
  g_assert_cmpuint (hb_listener_get_n_runs (kick), ==, 0);
  g_assert_null (hb_states_lookup (hb_harness_get_states (harness), "input_button.kick"));

  hb_test_stop_harness (harness);
}

/* ---------------------------------------------------------------------------------------
 * TS-10: the process-wide time lock.
 */

#define TS_TYPE_EMPTY_APP (ts_empty_app_get_type ())
G_DECLARE_FINAL_TYPE (TsEmptyApp, ts_empty_app, TS, EMPTY_APP, HbApp)

struct _TsEmptyApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (TsEmptyApp, ts_empty_app, HB_TYPE_APP)

static void
ts_empty_app_class_init (TsEmptyAppClass *klass)
{
}

static void
ts_empty_app_init (TsEmptyApp *self)
{
}

static HbHarness *
start_unfrozen (void)
{
  g_autoptr(GError) error = NULL;
  HbHarness *harness = hb_harness_new (TS_TYPE_EMPTY_APP, NULL);

  hb_harness_start (harness, &error);
  g_assert_no_error (error);

  return harness;
}

static void
test_ts10_time_lock (void)
{
  g_autoptr(GDateTime) t0 = g_date_time_new_from_unix_utc (T0_UNIX);
  g_autoptr(GDateTime) t1 = g_date_time_add_hours (t0, 1);
  HbHarness *first = start_unfrozen ();
  HbHarness *second = start_unfrozen ();
  g_autoptr(GError) error = NULL;

  hb_harness_freeze_time (first, t0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (first)), ==, T0_USEC);

  g_assert_false (hb_harness_freeze_time (second, t0, &error));
  g_assert_error (error, HB_HARNESS_ERROR, HB_HARNESS_ERROR_TIME_LOCKED);
  g_assert_nonnull (strstr (error->message, "freeze_time is already held by another harness"));
  g_clear_error (&error);

  /* the holder may move its frozen instant */
  hb_harness_freeze_time (first, t1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (first)), ==,
                   T0_USEC + 3600 * HB_USEC_PER_SECOND);

  /* stopping the holder releases the lock */
  hb_test_stop_harness (first);
  hb_harness_freeze_time (second, t0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (hb_harness_get_clock (second)), ==, T0_USEC);
  hb_test_stop_harness (second);

  /* and a harness created afterwards can take it */
  second = start_unfrozen ();
  hb_harness_freeze_time (second, t1, &error);
  g_assert_no_error (error);
  hb_test_stop_harness (second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/snippets/ts1-attribute-change", test_ts1_attribute_change);
  g_test_add_func ("/hassbench/snippets/ts2-domain", test_ts2_domain);
  g_test_add_func ("/hassbench/snippets/ts3-state-new-seeded", test_ts3_state_new_seeded);
  g_test_add_func ("/hassbench/snippets/ts4-watchdog", test_ts4_watchdog);
  g_test_add_func ("/hassbench/snippets/ts5-config-error", test_ts5_config_error);
  g_test_add_func ("/hassbench/snippets/ts6-reminder", test_ts6_reminder);
  g_test_add_func ("/hassbench/snippets/ts7-reset", test_ts7_reset);
  g_test_add_func ("/hassbench/snippets/ts8-sync-and-async", test_ts8_sync_and_async);
  g_test_add_func ("/hassbench/snippets/ts9-task-failure", test_ts9_task_failure);
  g_test_add_func ("/hassbench/snippets/ts9-perpetual-spawner", test_ts9_perpetual_spawner);
  g_test_add_func ("/hassbench/snippets/ts9-tight-spawner", test_ts9_tight_spawner);
  g_test_add_func ("/hassbench/snippets/ts9-tight-spawner/subprocess",
                   test_ts9_tight_spawner_subprocess);
  g_test_add_func ("/hassbench/snippets/ts9-tight-spawner-trigger",
                   test_ts9_tight_spawner_trigger);
  g_test_add_func ("/hassbench/snippets/ts9-tight-spawner-trigger/subprocess",
                   test_ts9_tight_spawner_trigger_subprocess);
  g_test_add_func ("/hassbench/snippets/ts9-bad-timeouts", test_ts9_bad_timeouts);
  g_test_add_func ("/hassbench/snippets/ts10-time-lock", test_ts10_time_lock);

  return g_test_run ();
}
