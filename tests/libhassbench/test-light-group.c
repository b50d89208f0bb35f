/* test-light-group.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <hassbench.h>

#include "hb-test-util.h"

#include "hb-light-group.h"

/* Scenarios SC-1..SC-6 of harness-semantics.md §9.3. */

#define T0_UNIX     HB_TEST_T0_UNIX
#define PRIMARY   "light.living_room_main"
#define ACCENT    "light.living_room_accent"

static HbHarness *
start_harness (const char *config_json)
{
  return hb_test_start_harness (HB_TYPE_LIGHT_GROUP, config_json);
}

static void
call_service (HbHarness  *harness,
              const char *domain,
              const char *service,
              const char *service_data_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) service_data = NULL;

  service_data = hb_json_object_from_string (service_data_json, &error);
  g_assert_no_error (error);
  hb_harness_simulate_call_service (harness, domain, service, service_data,
                                    HB_DEFAULT_TIMEOUT, &error);
  g_assert_no_error (error);
}

static guint
n_calls (HbHarness *harness)
{
  return hb_recording_api_get_n_calls (hb_harness_get_api (harness));
}

static void
assert_only_call_exact (HbHarness  *harness,
                        const char *kwargs_json)
{
  g_autoptr(GError) error = NULL;

  hb_recording_api_assert_called_exact_json (hb_harness_get_api (harness), "call_service",
                                             kwargs_json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_calls (harness), ==, 1);
}

static void
test_identity (void)
{
  HbHarness *harness = start_harness (NULL);
  HbApp *app = hb_harness_get_app (harness);
  HbListener *listener = hb_bus_lookup_listener (hb_harness_get_bus (harness),
                                                 "primary_light_on");

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (app), ==, "LightGroupApp");
  g_assert_cmpstr (hb_app_get_app_key (app), ==, "light_group_app");
  g_assert_nonnull (listener);
  g_assert_cmpint (hb_listener_get_kind (listener), ==, HB_LISTENER_CALL_SERVICE);
  g_assert_cmpuint (hb_bus_get_n_listeners (hb_harness_get_bus (harness)), ==, 1);

  hb_test_stop_harness (harness);
}

/* SC-1 */
static void
test_full_copy (void)
{
  HbHarness *harness = start_harness (NULL);

  call_service (harness, "light", "turn_on",
                "{\"entity_id\": \"" PRIMARY "\", \"brightness\": 200, \"color_temp\": 370}");
  assert_only_call_exact (harness,
                          "{\"domain\": \"light\", \"service\": \"turn_on\", \"target\": null,"
                          " \"return_response\": false, \"entity_id\": \"" ACCENT "\","
                          " \"brightness\": 200, \"color_temp\": 370}");

  hb_test_stop_harness (harness);
}

/* SC-2: only the keys given are copied. */
static void
test_brightness_only (void)
{
  HbHarness *harness = start_harness (NULL);

  call_service (harness, "light", "turn_on",
                "{\"entity_id\": \"" PRIMARY "\", \"brightness\": 120, \"transition\": 2}");
  assert_only_call_exact (harness,
                          "{\"domain\": \"light\", \"service\": \"turn_on\", \"target\": null,"
                          " \"return_response\": false, \"entity_id\": \"" ACCENT "\","
                          " \"brightness\": 120}");

  hb_test_stop_harness (harness);
}

/* SC-3 */
static void
test_entity_only (void)
{
  HbHarness *harness = start_harness (NULL);

  call_service (harness, "light", "turn_on", "{\"entity_id\": \"" PRIMARY "\"}");
  assert_only_call_exact (harness,
                          "{\"domain\": \"light\", \"service\": \"turn_on\", \"target\": null,"
                          " \"return_response\": false, \"entity_id\": \"" ACCENT "\"}");

  hb_test_stop_harness (harness);
}

/* SC-4 and SC-5: none of these is "light.turn_on for the primary". */
static void
test_no_reaction (void)
{
  static const struct {
    const char *domain;
    const char *service;
    const char *data;
  } cases[] = {
    { "light", "turn_on", "{\"entity_id\": \"light.kitchen\"}" },
    { "light", "turn_off", "{\"entity_id\": \"" PRIMARY "\"}" },
    { "switch", "turn_on", "{\"entity_id\": \"" PRIMARY "\"}" },
    { "light", "turn_on", "{}" },
    { "light", "turn_on", "{\"entity_id\": [\"" PRIMARY "\"]}" },                 /* SC-5 */
    { "light", "turn_on", "{\"entity_id\": [\"" PRIMARY "\", \"light.kitchen\"]}" },
    { "light", "turn_on", "{\"entity_id\": \"" PRIMARY "_2\"}" },
  };
  HbHarness *harness = start_harness (NULL);
  HbListener *listener = hb_bus_lookup_listener (hb_harness_get_bus (harness),
                                                 "primary_light_on");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s.%s %s", cases[i].domain, cases[i].service, cases[i].data);
      call_service (harness, cases[i].domain, cases[i].service, cases[i].data);
      g_assert_cmpuint (n_calls (harness), ==, 0);
    }
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 0);

  /* and the real thing still works afterwards */
  call_service (harness, "light", "turn_on", "{\"entity_id\": \"" PRIMARY "\"}");
  g_assert_cmpuint (n_calls (harness), ==, 1);
  g_assert_cmpuint (hb_listener_get_n_runs (listener), ==, 1);

  hb_test_stop_harness (harness);
}

/* SC-6: a glob on the entity id; the app's own call on the accent light (which the glob
 * matches too) is not echoed back onto the bus. */
static void
test_glob (void)
{
  HbHarness *harness = start_harness ("{\"primary_glob\": \"light.living_room_*\"}");
  HbBus *bus = hb_harness_get_bus (harness);
  g_autoptr(GError) error = NULL;
  guint64 events_before;

  events_before = hb_bus_get_n_events (bus);
  call_service (harness, "light", "turn_on", "{\"entity_id\": \"light.living_room_lamp\"}");
  assert_only_call_exact (harness,
                          "{\"domain\": \"light\", \"service\": \"turn_on\", \"target\": null,"
                          " \"return_response\": false, \"entity_id\": \"" ACCENT "\"}");
  /* one event: the simulated call; none from the recorded call */
  g_assert_cmpuint (hb_bus_get_n_events (bus), ==, events_before + 1);

  call_service (harness, "light", "turn_on", "{\"entity_id\": \"light.kitchen\"}");
  g_assert_cmpuint (n_calls (harness), ==, 1);

  /* a list is not a string, glob or not */
  call_service (harness, "light", "turn_on", "{\"entity_id\": [\"light.living_room_lamp\"]}");
  g_assert_cmpuint (n_calls (harness), ==, 1);

  call_service (harness, "light", "turn_on",
                "{\"entity_id\": \"" PRIMARY "\", \"color_temp\": 250}");
  g_assert_cmpuint (n_calls (harness), ==, 2);
  hb_recording_api_assert_call_count_json (hb_harness_get_api (harness), "call_service", 1,
                                           "{\"color_temp\": 250}", &error);
  g_assert_no_error (error);

  hb_test_stop_harness (harness);
}

static void
test_bad_glob (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = hb_json_object_from_string ("{\"primary_glob\": \"light.[\"}",
                                                             &error);
  g_autoptr(HbHarness) harness = NULL;

  g_assert_no_error (error);
  harness = hb_harness_new (HB_TYPE_LIGHT_GROUP, config);
  g_assert_false (hb_harness_start (harness, &error));
  /* initialize's own error, not a timeout */
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_assert_nonnull (strstr (error->message, "primary_glob"));
  g_assert_false (hb_harness_is_running (harness));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/light-group/identity", test_identity);
  g_test_add_func ("/hassbench/light-group/sc1-full-copy", test_full_copy);
  g_test_add_func ("/hassbench/light-group/sc2-brightness-only", test_brightness_only);
  g_test_add_func ("/hassbench/light-group/sc3-entity-only", test_entity_only);
  g_test_add_func ("/hassbench/light-group/sc4-sc5-no-reaction", test_no_reaction);
  g_test_add_func ("/hassbench/light-group/sc6-glob", test_glob);
  g_test_add_func ("/hassbench/light-group/bad-glob", test_bad_glob);

  return g_test_run ();
}
