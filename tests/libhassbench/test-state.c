/* test-state.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <hassbench.h>

#define T1 "2024-06-01T07:00:00+00:00"
#define T2 "2024-06-01T07:00:05+00:00"

static void
assert_error_contains (GError     *error,
                       GQuark      domain,
                       int         code,
                       const char *substring)
{
  g_assert_error (error, domain, code);
  if (strstr (error->message, substring) == NULL)
    g_error ("error message '%s' does not contain '%s'", error->message, substring);
}

static JsonObject *
object_from (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = hb_json_object_from_string (text, &error);

  g_assert_no_error (error);
  return object;
}

static void
assert_json (JsonObject *object,
             const char *expected)
{
  g_autofree char *text = hb_json_object_to_string (object);

  g_assert_cmpstr (text, ==, expected);
}

/*
 * HbState.
 */

static void
test_entity_id_validity (void)
{
  static const char *valid[] = { "light.kitchen", "sensor.living_room_2", "a.b", "_._",
                                 "binary_sensor.x1" };
  static const char *invalid[] = { "", "light", "light.", ".kitchen", "light.kit.chen",
                                   "Light.kitchen", "light.Kitchen", "light.kit-chen",
                                   "light. kitchen", "light.kitchen ", "light..kitchen",
                                   "licht.küche" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (hb_entity_id_is_valid (valid[i]));
      g_assert_true (hb_entity_id_validate (valid[i], &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("'%s'", invalid[i]);

      g_test_message ("entity id '%s'", invalid[i]);
      g_assert_false (hb_entity_id_is_valid (invalid[i]));
      g_assert_false (hb_entity_id_validate (invalid[i], &error));
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, quoted);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "domain.object_id");
    }

  g_assert_false (hb_entity_id_is_valid (NULL));
}

static void
test_state_basics (void)
{
  g_autoptr(JsonObject) attributes = object_from ("{\"friendly_name\": \"Kitchen\", "
                                                  "\"brightness\": 200}");
  g_autoptr(HbState) state = hb_state_new ("light.kitchen", "on", attributes, T1, NULL, "ctx-1");
  g_autoptr(HbState) bare = hb_state_new ("light.hall", "off", NULL, T1, T2, NULL);
  g_autofree char *prop_state = NULL;
  JsonNode *brightness;

  g_assert_cmpstr (hb_state_get_entity_id (state), ==, "light.kitchen");
  g_assert_cmpstr (hb_state_get_domain (state), ==, "light");
  g_assert_cmpstr (hb_state_get_state (state), ==, "on");
  g_assert_cmpstr (hb_state_get_last_changed (state), ==, T1);
  g_assert_cmpstr (hb_state_get_last_updated (state), ==, T1);
  g_assert_cmpstr (hb_state_get_context_id (state), ==, "ctx-1");
  g_assert_cmpstr (hb_state_get_display_name (state), ==, "Kitchen");
  brightness = hb_state_get_attribute (state, "brightness");
  g_assert_nonnull (brightness);
  g_assert_cmpint (json_node_get_int (brightness), ==, 200);
  g_assert_null (hb_state_get_attribute (state, "color_temp"));

  /* The attributes were copied: changing the caller's object changes nothing. */
  json_object_set_int_member (attributes, "brightness", 1);
  g_assert_cmpint (json_node_get_int (hb_state_get_attribute (state, "brightness")), ==, 200);
  g_assert_true (hb_state_get_attributes (state) != attributes);

  g_assert_cmpstr (hb_state_get_last_updated (bare), ==, T2);
  g_assert_null (hb_state_get_context_id (bare));
  g_assert_nonnull (hb_state_get_attributes (bare));
  g_assert_cmpuint (json_object_get_size (hb_state_get_attributes (bare)), ==, 0);
  g_assert_cmpstr (hb_state_get_display_name (bare), ==, "light.hall");

  g_object_get (state, "state", &prop_state, NULL);
  g_assert_cmpstr (prop_state, ==, "on");
}

static void
test_state_display_name_not_string (void)
{
  g_autoptr(JsonObject) attributes = object_from ("{\"friendly_name\": 5}");
  g_autoptr(HbState) state = hb_state_new ("sensor.x", "1", attributes, T1, NULL, NULL);

  g_assert_cmpstr (hb_state_get_display_name (state), ==, "sensor.x");
}

static void
test_state_to_json (void)
{
  g_autoptr(JsonObject) attributes = object_from ("{\"unit_of_measurement\": \"°C\"}");
  g_autoptr(HbState) state = hb_state_new ("sensor.temp", "21.5", attributes, T1, T2, "abc");
  g_autoptr(HbState) no_context = hb_state_new ("sensor.temp", "21.5", NULL, T1, NULL, NULL);
  g_autoptr(JsonObject) json = hb_state_to_json (state);
  g_autoptr(JsonObject) json2 = hb_state_to_json (no_context);

  assert_json (json,
               "{\"entity_id\":\"sensor.temp\",\"state\":\"21.5\","
               "\"attributes\":{\"unit_of_measurement\":\"°C\"},"
               "\"last_changed\":\"" T1 "\",\"last_updated\":\"" T2 "\","
               "\"context\":{\"id\":\"abc\",\"parent_id\":null,\"user_id\":null}}");
  assert_json (json2,
               "{\"entity_id\":\"sensor.temp\",\"state\":\"21.5\",\"attributes\":{},"
               "\"last_changed\":\"" T1 "\",\"last_updated\":\"" T1 "\","
               "\"context\":{\"id\":null,\"parent_id\":null,\"user_id\":null}}");

  /* The result is a fresh object the caller may change. */
  json_object_set_string_member (json, "state", "x");
  json_object_set_int_member (json_object_get_object_member (json, "attributes"), "y", 1);
  g_assert_cmpstr (hb_state_get_state (state), ==, "21.5");
  g_assert_null (hb_state_get_attribute (state, "y"));
}

static void
test_state_from_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) json = object_from (
    "{\"entity_id\": \"light.kitchen\", \"state\": \"on\", \"attributes\": {\"a\": [1]},"
    " \"last_changed\": \"" T1 "\", \"last_updated\": \"" T2 "\","
    " \"last_reported\": \"" T2 "\", \"context\": {\"id\": \"c1\", \"parent_id\": null}}");
  g_autoptr(HbState) state = hb_state_new_from_json (json, &error);
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(HbState) again = NULL;
  g_autoptr(JsonObject) minimal = object_from ("{\"entity_id\": \"switch.a\", \"state\": \"off\","
                                               " \"attributes\": null, \"context\": null}");
  g_autoptr(HbState) min_state = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (state);
  g_assert_cmpstr (hb_state_get_entity_id (state), ==, "light.kitchen");
  g_assert_cmpstr (hb_state_get_last_updated (state), ==, T2);
  g_assert_cmpstr (hb_state_get_context_id (state), ==, "c1");
  g_assert_nonnull (hb_state_get_attribute (state, "a"));

  back = hb_state_to_json (state);
  again = hb_state_new_from_json (back, &error);
  g_assert_no_error (error);
  g_assert_true (hb_state_equal (state, again));

  min_state = hb_state_new_from_json (minimal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hb_state_get_last_changed (min_state), ==, "1970-01-01T00:00:00+00:00");
  g_assert_cmpstr (hb_state_get_last_updated (min_state), ==, "1970-01-01T00:00:00+00:00");
  g_assert_null (hb_state_get_context_id (min_state));
  g_assert_cmpuint (json_object_get_size (hb_state_get_attributes (min_state)), ==, 0);
}

static void
test_state_from_json_errors (void)
{
  static const struct { const char *json; const char *substring; } cases[] = {
    { "{\"state\": \"on\"}", "'entity_id' is missing" },
    { "{\"entity_id\": 5, \"state\": \"on\"}", "'entity_id' must be a string" },
    { "{\"entity_id\": \"Light.x\", \"state\": \"on\"}", "'Light.x'" },
    { "{\"entity_id\": \"light.x\"}", "'state' is missing" },
    { "{\"entity_id\": \"light.x\", \"state\": 21.5}", "'state' must be a string" },
    { "{\"entity_id\": \"light.x\", \"state\": \"on\", \"attributes\": []}",
      "'attributes' must be an object" },
    { "{\"entity_id\": \"light.x\", \"state\": \"on\", \"last_changed\": 0}",
      "'last_changed' must be a string" },
    { "{\"entity_id\": \"light.x\", \"state\": \"on\", \"last_updated\": true}",
      "'last_updated' must be a string" },
    { "{\"entity_id\": \"light.x\", \"state\": \"on\", \"context\": \"c\"}",
      "'context' must be an object" },
    { "{\"entity_id\": \"light.x\", \"state\": \"on\", \"context\": {\"id\": 1}}",
      "'context.id' must be a string" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) json = object_from (cases[i].json);
      g_autoptr(HbState) state = hb_state_new_from_json (json, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (state);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, cases[i].substring);
    }
}

static void
test_state_equal (void)
{
  g_autoptr(JsonObject) a1 = object_from ("{\"x\": 1, \"y\": 2}");
  g_autoptr(JsonObject) a2 = object_from ("{\"y\": 2, \"x\": 1.0}");
  g_autoptr(JsonObject) a3 = object_from ("{\"x\": 1}");
  g_autoptr(HbState) s1 = hb_state_new ("light.a", "on", a1, T1, NULL, "c");
  g_autoptr(HbState) s2 = hb_state_new ("light.a", "on", a2, T1, T1, "c");
  g_autoptr(HbState) s3 = hb_state_new ("light.a", "on", a3, T1, NULL, "c");
  g_autoptr(HbState) s4 = hb_state_new ("light.a", "off", a1, T1, NULL, "c");
  g_autoptr(HbState) s5 = hb_state_new ("light.a", "on", a1, T1, T2, "c");
  g_autoptr(HbState) s6 = hb_state_new ("light.a", "on", a1, T1, NULL, NULL);
  g_autoptr(HbState) s7 = hb_state_new ("light.b", "on", a1, T1, NULL, "c");

  g_assert_true (hb_state_equal (s1, s2));
  g_assert_false (hb_state_equal (s1, s3));
  g_assert_false (hb_state_equal (s1, s4));
  g_assert_false (hb_state_equal (s1, s5));
  g_assert_false (hb_state_equal (s1, s6));
  g_assert_false (hb_state_equal (s1, s7));
  g_assert_true (hb_state_equal (NULL, NULL));
  g_assert_false (hb_state_equal (s1, NULL));
}

/*
 * HbStates.
 */

typedef struct
{
  GString *log;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  g_string_append_printf (recorder->log, "items(%u,%u,%u);", position, removed, added);
}

static void
state_changed_cb (HbStates   *states,
                  const char *entity_id,
                  HbState    *old_state,
                  HbState    *new_state,
                  Recorder   *recorder)
{
  HbState *stored = hb_states_lookup (states, entity_id);

  /* Handlers see the store already updated. */
  g_assert_true (stored == new_state);
  g_string_append_printf (recorder->log, "changed(%s,%s,%s);", entity_id,
                          old_state ? hb_state_get_state (old_state) : "null",
                          new_state ? hb_state_get_state (new_state) : "null");
}

static void
assert_order (HbStates   *states,
              const char *expected)
{
  g_autoptr(GString) order = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (states));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbState) state = g_list_model_get_item (G_LIST_MODEL (states), i);

      g_string_append_printf (order, "%s%s=%s", i ? " " : "", hb_state_get_entity_id (state),
                              hb_state_get_state (state));
    }
  g_assert_cmpstr (order->str, ==, expected);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (states), n));
  g_assert_cmpuint (hb_states_get_n_states (states), ==, n);
}

static void
test_states_store (void)
{
  g_autoptr(HbStates) states = hb_states_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  Recorder recorder = { log };
  g_autoptr(HbState) kitchen = hb_state_new ("light.kitchen", "on", NULL, T1, NULL, NULL);
  g_autoptr(HbState) hall = hb_state_new ("light.hall", "off", NULL, T1, NULL, NULL);
  g_autoptr(HbState) temp = hb_state_new ("sensor.temp", "20", NULL, T1, NULL, NULL);
  g_autoptr(HbState) kitchen2 = hb_state_new ("light.kitchen", "off", NULL, T1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  guint n_items = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (states)) == HB_TYPE_STATE);
  g_signal_connect (states, "items-changed", G_CALLBACK (items_changed_cb), &recorder);
  g_signal_connect (states, "state-changed", G_CALLBACK (state_changed_cb), &recorder);

  g_assert_null (hb_states_lookup (states, "light.kitchen"));
  g_assert_null (hb_states_get (states, "light.kitchen", &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_NOT_FOUND,
                         "Entity 'light.kitchen' not found (not seeded)");
  g_clear_error (&error);

  hb_states_set (states, kitchen);
  hb_states_set (states, hall);
  hb_states_set (states, temp);
  assert_order (states, "light.kitchen=on light.hall=off sensor.temp=20");
  g_object_get (states, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items, ==, 3);

  /* Replacing keeps the position; an identical timestamp still applies (hazard 12). */
  hb_states_set (states, kitchen2);
  assert_order (states, "light.kitchen=off light.hall=off sensor.temp=20");
  g_assert_true (hb_states_get (states, "light.kitchen", &error) == kitchen2);
  g_assert_no_error (error);

  /* Writing the same state again is still a write. */
  hb_states_set (states, kitchen2);

  g_assert_cmpstr (log->str, ==,
                   "items(0,0,1);changed(light.kitchen,null,on);"
                   "items(1,0,1);changed(light.hall,null,off);"
                   "items(2,0,1);changed(sensor.temp,null,20);"
                   "items(0,1,1);changed(light.kitchen,on,off);"
                   "items(0,1,1);changed(light.kitchen,off,off);");
  g_string_truncate (log, 0);

  /* Removal keeps the order of the rest and lookups stay right. */
  g_assert_true (hb_states_remove (states, "light.kitchen"));
  g_assert_false (hb_states_remove (states, "light.kitchen"));
  assert_order (states, "light.hall=off sensor.temp=20");
  g_assert_null (hb_states_lookup (states, "light.kitchen"));
  g_assert_true (hb_states_lookup (states, "sensor.temp") == temp);
  hb_states_set (states, kitchen);
  assert_order (states, "light.hall=off sensor.temp=20 light.kitchen=on");
  g_assert_cmpstr (log->str, ==,
                   "items(0,1,0);changed(light.kitchen,off,null);"
                   "items(2,0,1);changed(light.kitchen,null,on);");
  g_string_truncate (log, 0);

  /* The replaced state's position after an earlier removal. */
  hb_states_set (states, kitchen2);
  g_assert_cmpstr (log->str, ==, "items(2,1,1);changed(light.kitchen,on,off);");
  g_string_truncate (log, 0);

  hb_states_clear (states);
  assert_order (states, "");
  g_assert_cmpstr (log->str, ==,
                   "items(0,3,0);changed(light.hall,off,null);"
                   "changed(sensor.temp,20,null);changed(light.kitchen,off,null);");
  g_string_truncate (log, 0);
  hb_states_clear (states);
  g_assert_cmpstr (log->str, ==, "");
}

static void
test_states_list_ids (void)
{
  g_autoptr(HbStates) states = hb_states_new ();
  const char *ids[] = { "sensor.b", "light.z", "light_group.a", "light.a", "sensor.a" };
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) lights = NULL;
  g_auto(GStrv) none = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(HbState) state = hb_state_new (ids[i], "x", NULL, T1, NULL, NULL);

      hb_states_set (states, state);
    }

  all = hb_states_list_ids (states, NULL);
  lights = hb_states_list_ids (states, "light");
  none = hb_states_list_ids (states, "switch");

  g_assert_cmpstrv (all, ((const char *[]) { "light.a", "light.z", "light_group.a",
                                             "sensor.a", "sensor.b", NULL }));
  g_assert_cmpstrv (lights, ((const char *[]) { "light.a", "light.z", NULL }));
  g_assert_cmpstrv (none, ((const char *[]) { NULL }));
}

static void
test_states_many (void)
{
  g_autoptr(HbStates) states = hb_states_new ();
  const guint n = 2000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("sensor.s%u", i);
      g_autoptr(HbState) state = hb_state_new (id, "1", NULL, T1, NULL, NULL);

      hb_states_set (states, state);
    }

  /* Remove every third; the rest keep first-seen order and are found by id. */
  for (guint i = 0; i < n; i += 3)
    {
      g_autofree char *id = g_strdup_printf ("sensor.s%u", i);

      g_assert_true (hb_states_remove (states, id));
    }

  for (guint i = 0, position = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("sensor.s%u", i);
      HbState *found = hb_states_lookup (states, id);

      if (i % 3 == 0)
        {
          g_assert_null (found);
          continue;
        }
      {
        g_autoptr(HbState) at = g_list_model_get_item (G_LIST_MODEL (states), position++);

        g_assert_true (found == at);
      }
    }
}

/*
 * HbEvent.
 */

static void
test_event_state_changed (void)
{
  g_autoptr(JsonObject) attributes = object_from ("{\"brightness\": 10}");
  g_autoptr(HbState) old_state = hb_state_new ("light.kitchen", "off", NULL, T1, NULL, "o");
  g_autoptr(HbState) new_state = hb_state_new ("light.kitchen", "on", attributes, T2, NULL, "n");
  g_autoptr(HbEvent) event = hb_event_new_state_changed ("light.kitchen", old_state, new_state,
                                                         T2, "ev");
  g_autoptr(JsonObject) json = hb_event_to_json (event);
  JsonObject *data;

  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_STATE_CHANGED);
  g_assert_cmpstr (hb_event_get_event_type (event), ==, "state_changed");
  g_assert_cmpstr (hb_event_get_entity_id (event), ==, "light.kitchen");
  g_assert_cmpstr (hb_event_get_domain (event), ==, "light");
  g_assert_null (hb_event_get_service (event));
  g_assert_null (hb_event_get_service_data (event));
  g_assert_cmpstr (hb_event_get_origin (event), ==, "LOCAL");
  g_assert_cmpstr (hb_event_get_time_fired (event), ==, T2);
  g_assert_cmpstr (hb_event_get_context_id (event), ==, "ev");
  g_assert_cmpuint (hb_event_get_seq (event), ==, 0);
  g_assert_true (hb_event_get_old_state (event) == old_state);
  g_assert_true (hb_event_get_new_state (event) == new_state);

  data = hb_event_get_data (event);
  g_assert_cmpstr (json_object_get_string_member (data, "entity_id"), ==, "light.kitchen");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data,
                                                    "new_state"), "state"), ==, "on");

  assert_json (json,
               "{\"topic\":\"hass.event.state_changed\",\"event_type\":\"state_changed\","
               "\"data\":{\"entity_id\":\"light.kitchen\","
               "\"old_state\":{\"entity_id\":\"light.kitchen\",\"state\":\"off\","
               "\"attributes\":{},\"last_changed\":\"" T1 "\",\"last_updated\":\"" T1 "\","
               "\"context\":{\"id\":\"o\",\"parent_id\":null,\"user_id\":null}},"
               "\"new_state\":{\"entity_id\":\"light.kitchen\",\"state\":\"on\","
               "\"attributes\":{\"brightness\":10},\"last_changed\":\"" T2 "\","
               "\"last_updated\":\"" T2 "\","
               "\"context\":{\"id\":\"n\",\"parent_id\":null,\"user_id\":null}}},"
               "\"time_fired\":\"" T2 "\",\"origin\":\"LOCAL\","
               "\"context\":{\"id\":\"ev\",\"parent_id\":null,\"user_id\":null}}");
}

static void
test_event_state_changed_null_sides (void)
{
  g_autoptr(HbState) state = hb_state_new ("switch.a", "on", NULL, T1, NULL, NULL);
  g_autoptr(HbEvent) created = hb_event_new_state_changed ("switch.a", NULL, state, T1, NULL);
  g_autoptr(HbEvent) removed = hb_event_new_state_changed ("switch.a", state, NULL, T1, NULL);
  JsonNode *node;

  g_assert_null (hb_event_get_old_state (created));
  g_assert_true (hb_event_get_new_state (created) == state);
  node = json_object_get_member (hb_event_get_data (created), "old_state");
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));

  g_assert_true (hb_event_get_old_state (removed) == state);
  g_assert_null (hb_event_get_new_state (removed));
  g_assert_null (hb_event_get_context_id (removed));
}

static void
test_event_parses_states_lazily (void)
{
  g_autoptr(JsonObject) data = object_from (
    "{\"entity_id\": \"sensor.temp\","
    " \"old_state\": {\"entity_id\": \"sensor.temp\", \"state\": \"20\"},"
    " \"new_state\": {\"entity_id\": \"sensor.temp\", \"state\": 21}}");
  g_autoptr(HbEvent) event = hb_event_new (HB_TOPIC_STATE_CHANGED, data, T1, "LOCAL", NULL);
  HbState *old_state;

  /* The event copied the data. */
  json_object_set_string_member (data, "entity_id", "sensor.other");
  g_assert_cmpstr (hb_event_get_entity_id (event), ==, "sensor.temp");
  g_assert_cmpstr (hb_event_get_domain (event), ==, "sensor");

  old_state = hb_event_get_old_state (event);
  g_assert_nonnull (old_state);
  g_assert_cmpstr (hb_state_get_state (old_state), ==, "20");
  /* Parsed once: the same object every time. */
  g_assert_true (hb_event_get_old_state (event) == old_state);
  /* A state that is not a valid state object reads as NULL. */
  g_assert_null (hb_event_get_new_state (event));
  g_assert_null (hb_event_get_new_state (event));
}

static void
test_event_call_service (void)
{
  g_autoptr(JsonObject) service_data = object_from ("{\"entity_id\": \"light.main\","
                                                    " \"brightness\": 200}");
  g_autoptr(HbEvent) event = hb_event_new_call_service ("light", "turn_on", service_data, T1,
                                                        NULL);
  g_autoptr(HbEvent) bare = hb_event_new_call_service ("homeassistant", "restart", NULL, T1,
                                                       NULL);
  g_autoptr(JsonObject) list_data = object_from ("{\"entity_id\": [\"light.main\"]}");
  g_autoptr(HbEvent) list = hb_event_new_call_service ("light", "turn_on", list_data, T1, NULL);
  g_autoptr(JsonObject) json = hb_event_to_json (bare);

  g_assert_cmpstr (hb_event_get_topic (event), ==, HB_TOPIC_CALL_SERVICE);
  g_assert_cmpstr (hb_event_get_event_type (event), ==, "call_service");
  g_assert_cmpstr (hb_event_get_domain (event), ==, "light");
  g_assert_cmpstr (hb_event_get_service (event), ==, "turn_on");
  g_assert_cmpstr (hb_event_get_entity_id (event), ==, "light.main");
  g_assert_cmpint (json_object_get_int_member (hb_event_get_service_data (event), "brightness"),
                   ==, 200);
  g_assert_null (hb_event_get_old_state (event));
  g_assert_null (hb_event_get_new_state (event));

  g_assert_null (hb_event_get_entity_id (bare));
  g_assert_cmpuint (json_object_get_size (hb_event_get_service_data (bare)), ==, 0);
  /* Only a string entity id counts. */
  g_assert_null (hb_event_get_entity_id (list));

  assert_json (json,
               "{\"topic\":\"hass.event.call_service\",\"event_type\":\"call_service\","
               "\"data\":{\"domain\":\"homeassistant\",\"service\":\"restart\","
               "\"service_data\":{}},\"time_fired\":\"" T1 "\",\"origin\":\"LOCAL\","
               "\"context\":{\"id\":null,\"parent_id\":null,\"user_id\":null}}");
}

static void
test_event_other_topics (void)
{
  g_autoptr(JsonObject) data = object_from ("{\"resource_name\": \"WebSocketService\","
                                            " \"status\": \"failed\"}");
  g_autoptr(HbEvent) status = hb_event_new (HB_TOPIC_SERVICE_STATUS, data, T1, "HASSETTE",
                                            NULL);
  g_autoptr(HbEvent) empty = hb_event_new (HB_TOPIC_WEBSOCKET_CONNECTED, NULL, T1, "HASSETTE",
                                           NULL);
  g_autoptr(HbEvent) dotted = hb_event_new ("hass.event.ios.action_fired", NULL, T1, "LOCAL",
                                            NULL);
  g_autoptr(HbEvent) custom = hb_event_new ("my.custom", NULL, T1, "LOCAL", NULL);

  g_assert_cmpstr (hb_event_get_event_type (status), ==, "service_status");
  g_assert_cmpstr (hb_event_get_origin (status), ==, "HASSETTE");
  g_assert_cmpstr (json_object_get_string_member (hb_event_get_data (status), "status"), ==,
                   "failed");
  g_assert_null (hb_event_get_entity_id (status));
  g_assert_null (hb_event_get_domain (status));
  g_assert_null (hb_event_get_old_state (status));

  g_assert_cmpstr (hb_event_get_event_type (empty), ==, "websocket_connected");
  g_assert_nonnull (hb_event_get_data (empty));
  g_assert_cmpuint (json_object_get_size (hb_event_get_data (empty)), ==, 0);

  g_assert_cmpstr (hb_event_get_event_type (dotted), ==, "ios.action_fired");
  g_assert_cmpstr (hb_event_get_event_type (custom), ==, "custom");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/state/entity-id-validity", test_entity_id_validity);
  g_test_add_func ("/hassbench/state/basics", test_state_basics);
  g_test_add_func ("/hassbench/state/display-name-not-string", test_state_display_name_not_string);
  g_test_add_func ("/hassbench/state/to-json", test_state_to_json);
  g_test_add_func ("/hassbench/state/from-json", test_state_from_json);
  g_test_add_func ("/hassbench/state/from-json-errors", test_state_from_json_errors);
  g_test_add_func ("/hassbench/state/equal", test_state_equal);
  g_test_add_func ("/hassbench/states/store", test_states_store);
  g_test_add_func ("/hassbench/states/list-ids", test_states_list_ids);
  g_test_add_func ("/hassbench/states/many", test_states_many);
  g_test_add_func ("/hassbench/event/state-changed", test_event_state_changed);
  g_test_add_func ("/hassbench/event/state-changed-null-sides",
                   test_event_state_changed_null_sides);
  g_test_add_func ("/hassbench/event/parses-states-lazily", test_event_parses_states_lazily);
  g_test_add_func ("/hassbench/event/call-service", test_event_call_service);
  g_test_add_func ("/hassbench/event/other-topics", test_event_other_topics);

  return g_test_run ();
}
