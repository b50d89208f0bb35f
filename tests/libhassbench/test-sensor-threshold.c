/* test-sensor-threshold.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <hassbench.h>

#include "hb-test-util.h"

#include "hb-sensor-threshold.h"

/* Scenarios ST-1..ST-7 of harness-semantics.md §9.2. */

#define T0_UNIX     HB_TEST_T0_UNIX
#define SENSOR    "sensor.living_room_temperature"

static HbHarness *
start_harness (const char *config_json)
{
  return hb_test_start_harness (HB_TYPE_SENSOR_THRESHOLD, config_json);
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

static guint
n_calls (HbHarness *harness)
{
  return hb_recording_api_get_n_calls (hb_harness_get_api (harness));
}

/* The one notification sent: every key, exactly. */
static void
assert_notified (HbHarness  *harness,
                 const char *service,
                 const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) expected = json_object_new ();
  g_autofree char *expected_json = NULL;

  json_object_set_string_member (expected, "domain", "notify");
  json_object_set_string_member (expected, "service", service);
  json_object_set_null_member (expected, "target");
  json_object_set_boolean_member (expected, "return_response", FALSE);
  json_object_set_string_member (expected, "title", "Sensor Alert");
  json_object_set_string_member (expected, "message", message);

  hb_recording_api_assert_called_exact (hb_harness_get_api (harness), "call_service",
                                        expected, &error);
  g_assert_no_error (error);
  hb_recording_api_assert_call_count (hb_harness_get_api (harness), "call_service", 1,
                                      NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_calls (harness), ==, 1);

  /* The same through the JSON text form. */
  expected_json = hb_json_object_to_string (expected);
  hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness), "call_service",
                                             expected_json, &error);
  g_assert_no_error (error);
}

static void
test_identity (void)
{
  HbHarness *harness = start_harness (NULL);
  HbApp *app = hb_harness_get_app (harness);
  HbListener *listener = hb_bus_lookup_listener (hb_harness_get_bus (harness),
                                                 "threshold_monitor");

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (app), ==, "SensorThresholdApp");
  g_assert_cmpstr (hb_app_get_app_key (app), ==, "sensor_threshold_app");
  g_assert_cmpfloat (hb_app_get_config_double (app, "threshold"), ==, 28.0);
  g_assert_cmpstr (hb_app_get_config_string (app, "notify_target"), ==,
                   "mobile_app_my_phone");
  g_assert_nonnull (listener);
  g_assert_cmpstr (hb_listener_get_entity_id (listener), ==, SENSOR);
  g_assert_cmpuint (hb_bus_get_n_listeners (hb_harness_get_bus (harness)), ==, 1);

  hb_test_stop_harness (harness);
}

/* ST-1: seeded attributes carry over into the simulated state. */
static void
test_crossing_seeded (void)
{
  HbHarness *harness = start_harness (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attributes = json_object_new ();

  json_object_set_string_member (attributes, "unit_of_measurement", "°C");
  json_object_set_string_member (attributes, "friendly_name", "Living Room Temperature");
  hb_harness_set_state (harness, SENSOR, "27.5", attributes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_calls (harness), ==, 0);

  g_test_expect_message ("Hb-Apps", G_LOG_LEVEL_MESSAGE,
                         "Living Room Temperature crossed threshold: 28.5°C");
  simulate (harness, SENSOR, "27.5", "28.5");
  g_test_assert_expected_messages ();

  assert_notified (harness, "mobile_app_my_phone",
                   "Living Room Temperature is now 28.5°C (threshold: 28.0°C)");

  hb_test_stop_harness (harness);
}

/* ST-2..ST-5 */
static void
test_boundaries (void)
{
  static const struct {
    const char *old_value;
    const char *new_value;
    gboolean fires;
  } cases[] = {
    { "28.5", "29.0", FALSE },          /* ST-2: old not <= 28 */
    { "28.0", "28.1", TRUE },           /* ST-3: inclusive lower bound */
    { "27", "28", FALSE },              /* ST-4: strict upper bound */
    { "unavailable", "30", FALSE },     /* ST-5 */
    { "30", "unavailable", FALSE },     /* ST-5 */
    { "unknown", "29", FALSE },
    { "27", "28.0000001", TRUE },
    { "29", "27", FALSE },              /* falling */
    { "27", "29abc", FALSE },           /* not a number */
    { "27", "", FALSE },
    { "27", "nan", FALSE },
    { "-inf", "30", FALSE },
    { "-5", "1e2", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      HbHarness *harness = start_harness (NULL);

      g_test_message ("%s -> %s", cases[i].old_value, cases[i].new_value);
      simulate (harness, SENSOR, cases[i].old_value, cases[i].new_value);
      g_assert_cmpuint (n_calls (harness), ==, cases[i].fires ? 1 : 0);

      hb_test_stop_harness (harness);
    }
}

static void
test_inclusive_lower_bound_message (void)
{
  HbHarness *harness = start_harness (NULL);

  simulate (harness, SENSOR, "28.0", "28.1");
  assert_notified (harness, "mobile_app_my_phone",
                   "sensor.living_room_temperature is now 28.1 (threshold: 28.0)");

  hb_test_stop_harness (harness);
}

/* ST-6: unseeded, no attributes: the entity id and no unit. */
static void
test_crossing_unseeded (void)
{
  HbHarness *harness = start_harness (NULL);

  simulate (harness, SENSOR, "20", "30");
  assert_notified (harness, "mobile_app_my_phone",
                   "sensor.living_room_temperature is now 30 (threshold: 28.0)");

  /* Back down and up again: a second crossing is a second notification. */
  simulate (harness, SENSOR, "30", "25");
  simulate (harness, SENSOR, "25", "31");
  g_assert_cmpuint (n_calls (harness), ==, 2);

  hb_test_stop_harness (harness);
}

/* Attributes given with the change itself are used too. */
static void
test_crossing_with_new_attributes (void)
{
  HbHarness *harness = start_harness (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) new_attrs = json_object_new ();

  json_object_set_string_member (new_attrs, "unit_of_measurement", "°F");
  json_object_set_string_member (new_attrs, "friendly_name", "Lounge");
  hb_harness_simulate_state_change (harness, SENSOR, "27", "82", NULL, new_attrs,
                                    HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
  assert_notified (harness, "mobile_app_my_phone",
                   "Lounge is now 82°F (threshold: 28.0°F)");

  hb_test_stop_harness (harness);
}

/* ST-7 */
static void
test_custom_config (void)
{
  HbHarness *harness = start_harness ("{\"threshold\": 10, \"entity_id\": \"sensor.x\","
                                      " \"notify_target\": \"pager\"}");

  g_assert_cmpfloat (hb_app_get_config_double (hb_harness_get_app (harness), "threshold"),
                     ==, 10.0);

  /* The default sensor is not watched. */
  simulate (harness, SENSOR, "20", "30");
  g_assert_cmpuint (n_calls (harness), ==, 0);

  simulate (harness, "sensor.x", "9", "11");
  assert_notified (harness, "pager", "sensor.x is now 11 (threshold: 10.0)");

  hb_test_stop_harness (harness);
}

static void
test_bad_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = hb_json_object_from_string ("{\"threshold\": \"28\"}",
                                                             &error);
  g_autoptr(HbHarness) harness = NULL;

  g_assert_no_error (error);
  harness = hb_harness_new (HB_TYPE_SENSOR_THRESHOLD, config);
  g_assert_false (hb_harness_start (harness, &error));
  /* a string is never a number */
  g_assert_error (error, HB_CONFIG_ERROR, HB_CONFIG_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "'threshold'"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/sensor-threshold/identity", test_identity);
  g_test_add_func ("/hassbench/sensor-threshold/st1-crossing-seeded", test_crossing_seeded);
  g_test_add_func ("/hassbench/sensor-threshold/st2-st5-boundaries", test_boundaries);
  g_test_add_func ("/hassbench/sensor-threshold/st3-inclusive-lower-bound",
                   test_inclusive_lower_bound_message);
  g_test_add_func ("/hassbench/sensor-threshold/st6-crossing-unseeded",
                   test_crossing_unseeded);
  g_test_add_func ("/hassbench/sensor-threshold/crossing-with-new-attributes",
                   test_crossing_with_new_attributes);
  g_test_add_func ("/hassbench/sensor-threshold/st7-custom-config", test_custom_config);
  g_test_add_func ("/hassbench/sensor-threshold/bad-config", test_bad_config);

  return g_test_run ();
}
