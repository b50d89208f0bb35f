/* test-factories.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <hassbench.h>

#define EPOCH "1970-01-01T00:00:00+00:00"
#define T1 "2024-06-01T07:00:00+00:00"

static void
assert_attributes (HbState    *state,
                   const char *expected)
{
  g_autofree char *text = hb_json_object_to_string (hb_state_get_attributes (state));

  g_assert_cmpstr (text, ==, expected);
}

static void
test_friendly_name (void)
{
  static const struct { const char *entity_id; const char *name; } cases[] = {
    { "light.living_room", "Living Room" },
    { "sensor.living_room_temperature", "Living Room Temperature" },
    { "switch.outlet", "Outlet" },
    { "binary_sensor.front_door_2", "Front Door 2" },
    { "light.a__b", "A  B" },
    { "sensor.2nd_floor", "2nd Floor" },
    { "kitchen_light", "Kitchen Light" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = hb_friendly_name_from_entity_id (cases[i].entity_id);

      g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_make_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) attributes = hb_json_object_from_string ("{\"x\": 1}", &error);
  g_autoptr(HbState) state = hb_make_state ("input_boolean.guest", "on", attributes, NULL);
  g_autoptr(HbState) stamped = hb_make_state ("input_boolean.guest", "off", NULL, T1);

  g_assert_no_error (error);
  g_assert_cmpstr (hb_state_get_entity_id (state), ==, "input_boolean.guest");
  g_assert_cmpstr (hb_state_get_state (state), ==, "on");
  g_assert_cmpstr (hb_state_get_last_changed (state), ==, EPOCH);
  g_assert_cmpstr (hb_state_get_last_updated (state), ==, EPOCH);
  g_assert_null (hb_state_get_context_id (state));
  assert_attributes (state, "{\"x\":1}");
  /* Plain states get no friendly name. */
  g_assert_null (hb_state_get_attribute (stamped, "friendly_name"));
  g_assert_cmpstr (hb_state_get_last_changed (stamped), ==, T1);
  g_assert_cmpstr (hb_state_get_last_updated (stamped), ==, T1);
}

static void
test_make_light_state (void)
{
  g_autoptr(HbState) full = hb_make_light_state ("light.living_room", "on", 200, 370, T1);
  g_autoptr(HbState) plain = hb_make_light_state ("light.hall", "off", -1, -1, NULL);
  g_autoptr(HbState) zero = hb_make_light_state ("light.hall", "on", 0, -1, NULL);
  g_autoptr(HbState) defaults = hb_make_light_state (NULL, NULL, -1, -1, NULL);

  assert_attributes (full, "{\"friendly_name\":\"Living Room\",\"brightness\":200,"
                           "\"color_temp\":370}");
  g_assert_cmpstr (hb_state_get_display_name (full), ==, "Living Room");
  g_assert_cmpstr (hb_state_get_last_changed (full), ==, T1);
  assert_attributes (plain, "{\"friendly_name\":\"Hall\"}");
  g_assert_cmpstr (hb_state_get_state (plain), ==, "off");
  g_assert_cmpstr (hb_state_get_last_changed (plain), ==, EPOCH);
  assert_attributes (zero, "{\"friendly_name\":\"Hall\",\"brightness\":0}");
  g_assert_cmpstr (hb_state_get_entity_id (defaults), ==, "light.kitchen");
  g_assert_cmpstr (hb_state_get_state (defaults), ==, "on");
}

static void
test_make_sensor_state (void)
{
  g_autoptr(HbState) full = hb_make_sensor_state ("sensor.living_room_temperature", "27.5",
                                                  "°C", "temperature", NULL);
  g_autoptr(HbState) plain = hb_make_sensor_state ("sensor.x", "1", NULL, NULL, NULL);
  g_autoptr(HbState) defaults = hb_make_sensor_state (NULL, NULL, NULL, NULL, NULL);

  assert_attributes (full, "{\"friendly_name\":\"Living Room Temperature\","
                           "\"unit_of_measurement\":\"°C\",\"device_class\":\"temperature\"}");
  g_assert_cmpstr (hb_state_get_state (full), ==, "27.5");
  assert_attributes (plain, "{\"friendly_name\":\"X\"}");
  g_assert_cmpstr (hb_state_get_entity_id (defaults), ==, "sensor.temperature");
  g_assert_cmpstr (hb_state_get_state (defaults), ==, "25.5");
}

static void
test_make_switch_state (void)
{
  g_autoptr(HbState) state = hb_make_switch_state ("switch.coffee_maker", "off", T1);
  g_autoptr(HbState) defaults = hb_make_switch_state (NULL, NULL, NULL);

  assert_attributes (state, "{\"friendly_name\":\"Coffee Maker\"}");
  g_assert_cmpstr (hb_state_get_state (state), ==, "off");
  g_assert_cmpstr (hb_state_get_domain (state), ==, "switch");
  g_assert_cmpstr (hb_state_get_entity_id (defaults), ==, "switch.outlet");
  g_assert_cmpstr (hb_state_get_state (defaults), ==, "on");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/factories/friendly-name", test_friendly_name);
  g_test_add_func ("/hassbench/factories/make-state", test_make_state);
  g_test_add_func ("/hassbench/factories/make-light-state", test_make_light_state);
  g_test_add_func ("/hassbench/factories/make-sensor-state", test_make_sensor_state);
  g_test_add_func ("/hassbench/factories/make-switch-state", test_make_switch_state);

  return g_test_run ();
}
