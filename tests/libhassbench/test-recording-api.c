/* test-recording-api.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <hassbench.h>

#define T0 G_GINT64_CONSTANT (1717225200000000) /* 2024-06-01T07:00:00Z */

typedef struct
{
  HbStates       *states;
  HbClock        *clock;
  HbRecordingApi *api;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GError *error = NULL;

  f->states = hb_states_new ();
  f->clock = hb_clock_new (NULL, NULL);
  g_assert_true (hb_clock_set_usec (f->clock, T0, &error));
  g_assert_no_error (error);
  f->api = hb_recording_api_new (f->states, f->clock);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->api);
  g_clear_object (&f->clock);
  g_clear_object (&f->states);
}

static JsonObject *
parse_object (const char *text)
{
  GError *error = NULL;
  JsonObject *object = hb_json_object_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (object);

  return object;
}

/* The call at @position, checked to be @method with kwargs equal to @expected_json AND in
 * the same member order (the order is part of the recorded shape). */
static HbApiCall *
assert_call (Fixture    *f,
             guint       position,
             const char *method,
             const char *expected_json)
{
  g_autoptr(JsonObject) expected = parse_object (expected_json);
  g_autoptr(HbApiCall) call = g_list_model_get_item (G_LIST_MODEL (f->api), position);
  g_autoptr(GList) got_names = NULL;
  g_autoptr(GList) expected_names = NULL;
  JsonObject *kwargs;

  g_assert_nonnull (call);
  g_assert_cmpstr (hb_api_call_get_method (call), ==, method);
  g_assert_cmpuint (hb_api_call_get_index (call), ==, position);

  kwargs = hb_api_call_get_kwargs (call);
  if (!hb_json_object_equal (kwargs, expected))
    {
      g_autofree char *got = hb_json_object_to_string (kwargs);

      g_error ("call %u: expected kwargs %s, got %s", position, expected_json, got);
    }

  got_names = json_object_get_members (kwargs);
  expected_names = json_object_get_members (expected);
  for (GList *g = got_names, *e = expected_names; g != NULL || e != NULL;
       g = g->next, e = e->next)
    {
      g_assert_nonnull (g);
      g_assert_nonnull (e);
      g_assert_cmpstr (g->data, ==, e->data);
    }

  /* The caller borrows it; the model still holds a reference. */
  return call;
}

static void
assert_n_calls (Fixture *f,
                guint    n)
{
  g_assert_cmpuint (hb_recording_api_get_n_calls (f->api), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->api)), ==, n);
}

/*
 * Writes
 */

static void
test_turn_on_kwargs (Fixture       *f,
                     gconstpointer  unused)
{
  g_autoptr(JsonObject) data = parse_object ("{\"brightness\": 200, \"color_temp\": 370}");
  GError *error = NULL;
  HbApiCall *call;

  g_assert_true (hb_recording_api_turn_on (f->api, "light.hallway", NULL, NULL, &error));
  g_assert_no_error (error);
  call = assert_call (f, 0, "turn_on", "{\"entity_id\": \"light.hallway\", \"domain\": \"light\"}");
  g_assert_cmpint (hb_api_call_get_time_usec (call), ==, T0);

  g_assert_true (hb_clock_advance (f->clock, 1.5, &error));
  g_assert_true (hb_recording_api_turn_on (f->api, "light.kitchen", "homeassistant", data,
                                           &error));
  g_assert_no_error (error);
  call = assert_call (f, 1, "turn_on",
                      "{\"entity_id\": \"light.kitchen\", \"domain\": \"homeassistant\","
                      " \"brightness\": 200, \"color_temp\": 370}");
  g_assert_cmpint (hb_api_call_get_time_usec (call), ==, T0 + 1500000);

  g_assert_true (hb_recording_api_turn_off (f->api, "switch.outlet", NULL, NULL, &error));
  g_assert_no_error (error);
  assert_call (f, 2, "turn_off", "{\"entity_id\": \"switch.outlet\", \"domain\": \"switch\"}");

  g_assert_true (hb_recording_api_toggle (f->api, "fan.attic", NULL, data, &error));
  g_assert_no_error (error);
  assert_call (f, 3, "toggle",
               "{\"entity_id\": \"fan.attic\", \"domain\": \"fan\","
               " \"brightness\": 200, \"color_temp\": 370}");

  assert_n_calls (f, 4);
}

/* Reference trap F4: turn_on was once recorded as call_service. */
static void
test_turn_on_not_call_service (Fixture       *f,
                               gconstpointer  unused)
{
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) turn_ons = NULL;
  GError *error = NULL;

  g_assert_true (hb_recording_api_turn_on (f->api, "light.hallway", "light", NULL, &error));
  g_assert_no_error (error);

  services = hb_recording_api_get_calls (f->api, "call_service");
  turn_ons = hb_recording_api_get_calls (f->api, "turn_on");
  g_assert_cmpuint (services->len, ==, 0);
  g_assert_cmpuint (turn_ons->len, ==, 1);
  g_assert_cmpstr (hb_api_call_get_method (g_ptr_array_index (turn_ons, 0)), ==, "turn_on");

  g_assert_true (hb_recording_api_assert_not_called (f->api, "call_service", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hb_recording_api_assert_called_exact_json (
    f->api, "turn_on", "{\"entity_id\": \"light.hallway\", \"domain\": \"light\"}", &error));
  g_assert_no_error (error);
}

static void
test_write_bad_input (Fixture       *f,
                      gconstpointer  unused)
{
  g_autoptr(JsonObject) colliding = parse_object ("{\"brightness\": 1, \"domain\": \"x\"}");
  g_autoptr(JsonObject) colliding_service = parse_object ("{\"service\": \"x\"}");
  GError *error = NULL;

  g_assert_false (hb_recording_api_turn_on (f->api, "Light.Bad", NULL, NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "turn_on: "));
  g_assert_nonnull (strstr (error->message, "Light.Bad"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_turn_off (f->api, "nodot", NULL, NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "nodot"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_toggle (f->api, "light.a", "  ", NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "domain for 'light.a' must not be blank"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_turn_on (f->api, "light.a", NULL, colliding, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "turn_on: data key 'domain' collides with the argument of the same name");
  g_clear_error (&error);

  g_assert_false (hb_recording_api_call_service (f->api, "light", "turn_on", NULL, FALSE,
                                                 colliding_service, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "data key 'service'"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_call_service (f->api, "", "turn_on", NULL, FALSE, NULL,
                                                 &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "domain must not be blank (service 'turn_on')"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_call_service (f->api, "light", NULL, NULL, FALSE, NULL,
                                                 &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "service must not be blank (domain 'light')"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_set_state (f->api, "sensor.x", NULL, NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "state of 'sensor.x'"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_set_state (f->api, "bad", "on", NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "set_state: "));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_fire_event (f->api, " ", NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "event_type must not be blank"));
  g_clear_error (&error);

  /* Nothing that failed was recorded. */
  assert_n_calls (f, 0);
}

static void
test_call_service_kwargs (Fixture       *f,
                          gconstpointer  unused)
{
  g_autoptr(JsonObject) data = parse_object ("{\"entity_id\": \"light.living_room_accent\","
                                             " \"brightness\": 200, \"color_temp\": 370,"
                                             " \"transition\": null}");
  g_autoptr(JsonObject) target = parse_object ("{\"entity_id\": [\"light.a\", \"light.b\"]}");
  GError *error = NULL;

  g_assert_true (hb_recording_api_call_service (f->api, "light", "turn_on", NULL, FALSE, data,
                                                &error));
  g_assert_no_error (error);
  /* SC-1's shape; null data values are kept. */
  assert_call (f, 0, "call_service",
               "{\"domain\": \"light\", \"service\": \"turn_on\", \"target\": null,"
               " \"return_response\": false, \"entity_id\": \"light.living_room_accent\","
               " \"brightness\": 200, \"color_temp\": 370, \"transition\": null}");

  g_assert_true (hb_recording_api_call_service (f->api, "notify", "mobile_app_my_phone", target,
                                                TRUE, NULL, &error));
  g_assert_no_error (error);
  assert_call (f, 1, "call_service",
               "{\"domain\": \"notify\", \"service\": \"mobile_app_my_phone\","
               " \"target\": {\"entity_id\": [\"light.a\", \"light.b\"]},"
               " \"return_response\": true}");

  g_assert_true (hb_recording_api_assert_called_exact_json (
    f->api, "call_service",
    "{\"domain\": \"light\", \"service\": \"turn_on\", \"target\": null,"
    " \"return_response\": false, \"entity_id\": \"light.living_room_accent\","
    " \"brightness\": 200, \"color_temp\": 370, \"transition\": null}", &error));
  g_assert_no_error (error);
}

/* Everything given is deep-copied: changing it afterwards changes no record. */
static void
test_deep_copy (Fixture       *f,
                gconstpointer  unused)
{
  g_autoptr(JsonObject) data = parse_object ("{\"rgb\": {\"r\": 1}, \"list\": [1, 2]}");
  g_autoptr(JsonObject) attributes = parse_object ("{\"unit\": \"C\", \"nested\": {\"a\": 1}}");
  g_autoptr(JsonObject) event_data = parse_object ("{\"who\": \"me\"}");
  GError *error = NULL;
  HbApiCall *call;

  g_assert_true (hb_recording_api_turn_on (f->api, "light.a", NULL, data, &error));
  g_assert_true (hb_recording_api_set_state (f->api, "sensor.t", "21", attributes, &error));
  g_assert_true (hb_recording_api_fire_event (f->api, "my_event", event_data, &error));
  g_assert_no_error (error);

  json_object_set_int_member (json_object_get_object_member (data, "rgb"), "r", 99);
  json_array_add_int_element (json_object_get_array_member (data, "list"), 3);
  json_object_set_string_member (data, "added", "x");
  json_object_set_int_member (json_object_get_object_member (attributes, "nested"), "a", 2);
  json_object_set_string_member (event_data, "who", "you");

  assert_call (f, 0, "turn_on",
               "{\"entity_id\": \"light.a\", \"domain\": \"light\", \"rgb\": {\"r\": 1},"
               " \"list\": [1, 2]}");
  assert_call (f, 1, "set_state",
               "{\"entity_id\": \"sensor.t\", \"state\": \"21\","
               " \"attributes\": {\"unit\": \"C\", \"nested\": {\"a\": 1}}}");
  call = assert_call (f, 2, "fire_event",
                      "{\"event_type\": \"my_event\", \"event_data\": {\"who\": \"me\"}}");

  /* The call's own kwargs cannot be changed either. */
  g_assert_true (json_object_is_immutable (hb_api_call_get_kwargs (call)));
}

static void
test_set_state_and_fire_event (Fixture       *f,
                               gconstpointer  unused)
{
  GError *error = NULL;

  g_assert_true (hb_recording_api_set_state (f->api, "input_text.note", "hello", NULL, &error));
  g_assert_no_error (error);
  assert_call (f, 0, "set_state",
               "{\"entity_id\": \"input_text.note\", \"state\": \"hello\", \"attributes\": null}");

  /* The recorder records; it does not write the state store. */
  g_assert_false (hb_recording_api_entity_exists (f->api, "input_text.note"));

  g_assert_true (hb_recording_api_fire_event (f->api, "reminder_fired", NULL, &error));
  g_assert_no_error (error);
  assert_call (f, 1, "fire_event", "{\"event_type\": \"reminder_fired\", \"event_data\": null}");
}

static void
test_notify (Fixture       *f,
             gconstpointer  unused)
{
  g_autoptr(JsonObject) data = parse_object ("{\"priority\": \"high\"}");
  const char *bad[] = { NULL, "", "   ", "notify.", "notify.  ", "light.kitchen", "a.b.c" };
  GError *error = NULL;

  g_assert_true (hb_recording_api_notify (f->api, "Door opened", "notify.mobile_app_phone",
                                          "Alert", data, &error));
  g_assert_no_error (error);
  assert_call (f, 0, "notify",
               "{\"message\": \"Door opened\", \"notifier\": \"mobile_app_phone\","
               " \"title\": \"Alert\", \"data\": {\"priority\": \"high\"}}");

  g_assert_true (hb_recording_api_notify (f->api, "Hi", "pager", NULL, NULL, &error));
  g_assert_no_error (error);
  assert_call (f, 1, "notify",
               "{\"message\": \"Hi\", \"notifier\": \"pager\", \"title\": null, \"data\": null}");

  /* Both spellings are the same notifier to an assertion. */
  g_assert_true (hb_recording_api_assert_call_count_json (f->api, "notify", 1,
                                                          "{\"notifier\": \"mobile_app_phone\"}",
                                                          &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (hb_recording_api_notify (f->api, "x", bad[i], NULL, NULL, &error));
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "notify: notifier"));
      g_clear_error (&error);
    }

  g_assert_false (hb_recording_api_notify (f->api, "x", "light.kitchen", NULL, NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "notify: notifier 'light.kitchen' is not a notify service; "
                   "expected 'name' or 'notify.name'");
  g_clear_error (&error);

  g_assert_false (hb_recording_api_notify (f->api, NULL, "pager", NULL, NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "message must not be NULL"));
  g_clear_error (&error);

  assert_n_calls (f, 2);
}

/*
 * Helpers
 */

static JsonObject *
create_helper (Fixture    *f,
               const char *domain,
               const char *params_json)
{
  g_autoptr(JsonObject) params = params_json != NULL ? parse_object (params_json) : NULL;
  GError *error = NULL;
  JsonObject *record;

  record = hb_recording_api_create_helper (f->api, domain, params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  return record;
}

static void
test_helper_create (Fixture       *f,
                    gconstpointer  unused)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) expected = NULL;
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(GList) names = NULL;

  record = create_helper (f, "input_boolean",
                          "{\"name\": \"Guest Mode\", \"icon\": \"mdi:account\"}");
  expected = parse_object ("{\"id\": \"guest_mode\", \"name\": \"Guest Mode\","
                           " \"icon\": \"mdi:account\"}");
  g_assert_true (hb_json_object_equal (record, expected));
  names = json_object_get_members (record);
  g_assert_cmpstr (names->data, ==, "id");

  assert_call (f, 0, "create_input_boolean",
               "{\"name\": \"Guest Mode\", \"icon\": \"mdi:account\"}");

  /* The returned record is a copy. */
  json_object_set_string_member (record, "name", "changed");
  list = hb_recording_api_list_helpers (f->api, "input_boolean");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_true (hb_json_object_equal (json_array_get_object_element (list, 0), expected));

  /* Other domains keep their own stores. */
  g_clear_pointer (&list, json_array_unref);
  list = hb_recording_api_list_helpers (f->api, "counter");
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static void
test_helper_slugs (Fixture       *f,
                   gconstpointer  unused)
{
  struct {
    const char *params;
    const char *id;
  } cases[] = {
    { "{\"name\": \"Guest Mode\"}", "guest_mode" },
    { "{\"name\": \"Guest Mode\"}", "guest_mode_2" },
    { "{\"name\": \"guest  mode!!\"}", "guest_mode_3" },
    { "{\"name\": \"  Hello,  World!! \"}", "hello_world" },
    { "{\"name\": \"Café Déjà Vu\"}", "cafe_deja_vu" },
    { "{\"name\": \"Room 42 / Lamp\"}", "room_42_lamp" },
    { "{\"name\": \"my__snake_case\"}", "my_snake_case" },
    { "{\"name\": \"!!!\"}", "unknown" },
    { "{\"name\": \"???\"}", "unknown_2" },
    { "{\"name\": \"\"}", "" },
    { "{\"name\": null}", "_2" },
    { "{\"icon\": \"mdi:x\"}", "_3" },
    { NULL, "_4" },
  };
  g_autoptr(JsonArray) list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) record = create_helper (f, "counter", cases[i].params);

      g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, cases[i].id);
    }

  /* Listing keeps creation order. */
  list = hb_recording_api_list_helpers (f->api, "counter");
  g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i),
                                                    "id"), ==, cases[i].id);

  /* create without params records empty kwargs. */
  assert_call (f, G_N_ELEMENTS (cases) - 1, "create_counter", "{}");
}

static void
test_helper_update_delete (Fixture       *f,
                           gconstpointer  unused)
{
  g_autoptr(JsonObject) seed = parse_object ("{\"id\": \"visits\", \"name\": \"Visits\","
                                             " \"initial\": 0, \"step\": 1}");
  g_autoptr(JsonObject) params = parse_object ("{\"step\": 5, \"icon\": \"mdi:walk\"}");
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) expected = NULL;
  g_autoptr(JsonArray) list = NULL;
  GError *error = NULL;

  g_assert_true (hb_recording_api_seed_helper (f->api, "counter", seed, &error));
  g_assert_no_error (error);
  /* Seeding records nothing. */
  assert_n_calls (f, 0);

  updated = hb_recording_api_update_helper (f->api, "counter", "visits", params, &error);
  g_assert_no_error (error);
  expected = parse_object ("{\"id\": \"visits\", \"name\": \"Visits\", \"initial\": 0,"
                           " \"step\": 5, \"icon\": \"mdi:walk\"}");
  g_assert_true (hb_json_object_equal (updated, expected));
  assert_call (f, 0, "update_counter",
               "{\"helper_id\": \"visits\", \"step\": 5, \"icon\": \"mdi:walk\"}");

  list = hb_recording_api_list_helpers (f->api, "counter");
  g_assert_true (hb_json_object_equal (json_array_get_object_element (list, 0), expected));
  g_clear_pointer (&list, json_array_unref);

  /* Unknown ids: the call is recorded, then it fails. */
  g_assert_null (hb_recording_api_update_helper (f->api, "counter", "nope", params, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "counter helper 'nope' not found. "
                   "Seed it with hb_recording_api_seed_helper() first.");
  g_clear_error (&error);
  assert_call (f, 1, "update_counter",
               "{\"helper_id\": \"nope\", \"step\": 5, \"icon\": \"mdi:walk\"}");

  g_assert_false (hb_recording_api_delete_helper (f->api, "timer", "nope", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "timer helper 'nope' not found.");
  g_clear_error (&error);
  assert_call (f, 2, "delete_timer", "{\"helper_id\": \"nope\"}");

  g_assert_true (hb_recording_api_delete_helper (f->api, "counter", "visits", &error));
  g_assert_no_error (error);
  assert_call (f, 3, "delete_counter", "{\"helper_id\": \"visits\"}");
  list = hb_recording_api_list_helpers (f->api, "counter");
  g_assert_cmpuint (json_array_get_length (list), ==, 0);

  /* Deleted means gone: a second delete fails, and the name is free for create. */
  g_assert_false (hb_recording_api_delete_helper (f->api, "counter", "visits", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(JsonObject) record = create_helper (f, "counter", "{\"name\": \"Visits\"}");

    g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, "visits");
  }
}

static void
test_helper_bad_input (Fixture       *f,
                       gconstpointer  unused)
{
  g_autoptr(JsonObject) seed = parse_object ("{\"id\": \"a\", \"name\": \"A\"}");
  g_autoptr(JsonObject) no_id = parse_object ("{\"name\": \"A\"}");
  g_autoptr(JsonObject) typo = parse_object ("{\"name\": \"A\", \"intial\": true}");
  g_autoptr(JsonObject) bad_name = parse_object ("{\"name\": 5}");
  GError *error = NULL;

  g_assert_false (hb_recording_api_seed_helper (f->api, "input_bool", seed, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Unknown helper domain: input_bool. Expected one of: [input_boolean, "
                   "input_number, input_text, input_select, input_datetime, input_button, "
                   "counter, timer]");
  g_clear_error (&error);

  g_assert_true (hb_recording_api_seed_helper (f->api, "input_boolean", seed, &error));
  g_assert_no_error (error);
  g_assert_false (hb_recording_api_seed_helper (f->api, "input_boolean", seed, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_DUPLICATE_NAME);
  g_assert_cmpstr (error->message, ==, "input_boolean helper 'a' already exists.");
  g_clear_error (&error);

  /* The same id in another domain is another helper. */
  g_assert_true (hb_recording_api_seed_helper (f->api, "input_button", seed, &error));
  g_assert_no_error (error);

  g_assert_false (hb_recording_api_seed_helper (f->api, "input_boolean", no_id, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "needs a string \"id\""));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_seed_helper (f->api, "input_boolean", NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (hb_recording_api_create_helper (f->api, "input_boolean", typo, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "create_input_boolean: unknown input_boolean helper field 'intial'. "
                   "Did you mean 'initial'? Expected one of: [name, icon, initial]");
  g_clear_error (&error);

  g_assert_null (hb_recording_api_create_helper (f->api, "input_boolean", bad_name, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'name' must be a string"));
  g_clear_error (&error);

  g_assert_null (hb_recording_api_create_helper (f->api, "switch", no_id, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Unknown helper domain: switch."));
  g_clear_error (&error);

  g_assert_null (hb_recording_api_update_helper (f->api, "input_boolean", "a", typo, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "update_input_boolean: unknown"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_delete_helper (f->api, "light", "a", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Argument errors are not recorded (only not-found ones are). */
  assert_n_calls (f, 0);
}

static void
test_counter_services (Fixture       *f,
                       gconstpointer  unused)
{
  const char *services[] = { "increment", "decrement", "reset" };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      g_autofree char *expected = NULL;

      g_assert_true (hb_recording_api_counter (f->api, "counter.visits", services[i], &error));
      g_assert_no_error (error);
      expected = g_strdup_printf ("{\"domain\": \"counter\", \"service\": \"%s\","
                                  " \"target\": {\"entity_id\": \"counter.visits\"},"
                                  " \"return_response\": true}", services[i]);
      assert_call (f, i, "call_service", expected);
    }

  g_assert_false (hb_recording_api_counter (f->api, "counter.visits", "add", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "unknown service 'add'"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_counter (f->api, "visits", "increment", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "visits"));
  g_clear_error (&error);

  assert_n_calls (f, 3);
}

/*
 * Reads
 */

static void
test_reads (Fixture       *f,
            gconstpointer  unused)
{
  g_autoptr(HbState) state = hb_state_new ("sensor.temp", "21.5", NULL,
                                           "2024-06-01T07:00:00+00:00", NULL, NULL);
  GError *error = NULL;
  HbState *got;

  g_assert_false (hb_recording_api_entity_exists (f->api, "sensor.temp"));
  g_assert_null (hb_recording_api_get_state_or_none (f->api, "sensor.temp"));
  g_assert_null (hb_recording_api_get_state (f->api, "sensor.temp", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "'sensor.temp'"));
  g_assert_nonnull (strstr (error->message, "not seeded"));
  g_clear_error (&error);

  hb_states_set (f->states, state);

  g_assert_true (hb_recording_api_entity_exists (f->api, "sensor.temp"));
  got = hb_recording_api_get_state (f->api, "sensor.temp", &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
  g_assert_cmpstr (hb_state_get_entity_id (got), ==, "sensor.temp");
  g_assert_cmpstr (hb_state_get_state (got), ==, "21.5");
  g_assert_true (hb_recording_api_get_state_or_none (f->api, "sensor.temp") == got);

  /* Reads are not recorded. */
  assert_n_calls (f, 0);
}

/*
 * Assertions
 */

/* turn_on light.a; turn_on light.b brightness 100; turn_off light.a. */
static void
record_three (Fixture *f)
{
  g_autoptr(JsonObject) data = parse_object ("{\"brightness\": 100}");
  GError *error = NULL;

  g_assert_true (hb_recording_api_turn_on (f->api, "light.a", NULL, NULL, &error));
  g_assert_true (hb_recording_api_turn_on (f->api, "light.b", NULL, data, &error));
  g_assert_true (hb_recording_api_turn_off (f->api, "light.a", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_assert_called (Fixture       *f,
                    gconstpointer  unused)
{
  g_autoptr(JsonObject) partial = parse_object ("{\"entity_id\": \"light.b\"}");
  g_autoptr(JsonObject) as_double = parse_object ("{\"brightness\": 100.0}");
  GError *error = NULL;

  g_assert_false (hb_recording_api_assert_called (f->api, "turn_on", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NOT_CALLED);
  g_assert_cmpstr (error->message, ==,
                   "Expected 'turn_on' to have been called, but it was never called.");
  g_clear_error (&error);

  record_three (f);

  g_assert_true (hb_recording_api_assert_called (f->api, "turn_on", NULL, &error));
  g_assert_true (hb_recording_api_assert_called (f->api, "turn_on", partial, &error));
  /* Numbers compare by value. */
  g_assert_true (hb_recording_api_assert_called (f->api, "turn_on", as_double, &error));
  g_assert_true (hb_recording_api_assert_called_json (f->api, "turn_off",
                                                      "{\"domain\": \"light\"}", &error));
  g_assert_no_error (error);

  /* Closest is call #1: brightness mismatched, transition missing (2 off); #0 is 3 off. */
  g_assert_false (hb_recording_api_assert_called_json (
    f->api, "turn_on", "{\"entity_id\": \"light.b\", \"brightness\": 200, \"transition\": 2}",
    &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_assert_cmpstr (error->message, ==,
                   "'turn_on' was called 2 time(s), but none matched "
                   "{entity_id: 'light.b', brightness: 200, transition: 2}. "
                   "Closest call #1: missing={transition: 2}; "
                   "mismatched={brightness: expected 200, got 100}. "
                   "Calls recorded: [#0 turn_on(entity_id='light.a', domain='light'), "
                   "#1 turn_on(entity_id='light.b', domain='light', brightness=100)]");
  g_clear_error (&error);

  /* A tie goes to the earliest call. */
  g_assert_false (hb_recording_api_assert_called_json (f->api, "turn_on",
                                                       "{\"entity_id\": \"light.z\"}", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_assert_nonnull (strstr (error->message,
                            "Closest call #0: missing={}; "
                            "mismatched={entity_id: expected 'light.z', got 'light.a'}. "));
  g_clear_error (&error);

  /* The partial assertion never reports extra keys. */
  g_assert_false (hb_recording_api_assert_called_json (f->api, "turn_off",
                                                       "{\"domain\": \"switch\"}", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_assert_null (strstr (error->message, "extra="));
  g_assert_nonnull (strstr (error->message, "'turn_off' was called 1 time(s)"));
  g_clear_error (&error);
}

static void
test_assert_called_exact (Fixture       *f,
                          gconstpointer  unused)
{
  GError *error = NULL;

  record_three (f);

  g_assert_true (hb_recording_api_assert_called_exact_json (
    f->api, "turn_on", "{\"domain\": \"light\", \"entity_id\": \"light.a\"}", &error));
  g_assert_true (hb_recording_api_assert_called_exact_json (
    f->api, "turn_on",
    "{\"entity_id\": \"light.b\", \"domain\": \"light\", \"brightness\": 100}", &error));
  g_assert_no_error (error);

  g_assert_false (hb_recording_api_assert_called_exact_json (
    f->api, "turn_on", "{\"entity_id\": \"light.a\"}", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_assert_cmpstr (error->message, ==,
                   "'turn_on' was called 2 time(s), but none matched exactly "
                   "{entity_id: 'light.a'}. "
                   "Closest call #0: missing={}; mismatched={}; extra={domain: 'light'}. "
                   "Calls recorded: [#0 turn_on(entity_id='light.a', domain='light'), "
                   "#1 turn_on(entity_id='light.b', domain='light', brightness=100)]");
  g_clear_error (&error);

  /* Extra keys count toward closeness: #1 is 1 mismatch + 0 missing + 0 extra. */
  g_assert_false (hb_recording_api_assert_called_exact_json (
    f->api, "turn_on",
    "{\"entity_id\": \"light.b\", \"domain\": \"light\", \"brightness\": 5}", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_assert_nonnull (strstr (error->message,
                            "Closest call #1: missing={}; "
                            "mismatched={brightness: expected 5, got 100}; extra={}."));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_called_exact (f->api, "turn_off", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_assert_nonnull (strstr (error->message,
                            "none matched exactly {}. Closest call #2: missing={}; "
                            "mismatched={}; extra={entity_id: 'light.a', domain: 'light'}."));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_called_exact (f->api, "toggle", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NOT_CALLED);
  g_clear_error (&error);
}

static void
test_assert_not_called (Fixture       *f,
                        gconstpointer  unused)
{
  GError *error = NULL;

  g_assert_true (hb_recording_api_assert_not_called (f->api, "turn_on", NULL, &error));
  g_assert_no_error (error);

  record_three (f);

  g_assert_true (hb_recording_api_assert_not_called (f->api, "toggle", NULL, &error));
  g_assert_true (hb_recording_api_assert_not_called_json (f->api, "turn_on",
                                                          "{\"entity_id\": \"light.c\"}",
                                                          &error));
  g_assert_no_error (error);

  g_assert_false (hb_recording_api_assert_not_called (f->api, "turn_off", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_CALLED);
  g_assert_cmpstr (error->message, ==,
                   "Expected 'turn_off' not to have been called, but it was called 1 time(s). "
                   "Calls recorded: [#2 turn_off(entity_id='light.a', domain='light')]");
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_not_called_json (f->api, "turn_on",
                                                           "{\"domain\": \"light\"}", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_CALLED);
  g_assert_cmpstr (error->message, ==,
                   "Expected no 'turn_on' call matching {domain: 'light'}, but 2 call(s) "
                   "matched: [#0 turn_on(entity_id='light.a', domain='light'), "
                   "#1 turn_on(entity_id='light.b', domain='light', brightness=100)]");
  g_clear_error (&error);
}

static void
test_assert_call_count (Fixture       *f,
                        gconstpointer  unused)
{
  GError *error = NULL;

  g_assert_true (hb_recording_api_assert_call_count (f->api, "turn_on", 0, NULL, &error));
  g_assert_no_error (error);

  record_three (f);

  g_assert_true (hb_recording_api_assert_call_count (f->api, "turn_on", 2, NULL, &error));
  g_assert_true (hb_recording_api_assert_call_count (f->api, "turn_off", 1, NULL, &error));
  g_assert_true (hb_recording_api_assert_call_count (f->api, "toggle", 0, NULL, &error));
  g_assert_true (hb_recording_api_assert_call_count_json (f->api, "turn_on", 1,
                                                          "{\"brightness\": 100}", &error));
  g_assert_true (hb_recording_api_assert_call_count_json (f->api, "turn_on", 0,
                                                          "{\"brightness\": 1}", &error));
  g_assert_no_error (error);

  g_assert_false (hb_recording_api_assert_call_count (f->api, "turn_on", 3, NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_COUNT);
  g_assert_cmpstr (error->message, ==,
                   "Expected 'turn_on' to have been called 3 time(s), but it was called "
                   "2 time(s). Calls recorded: [#0 turn_on(entity_id='light.a', domain='light'), "
                   "#1 turn_on(entity_id='light.b', domain='light', brightness=100)]");
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_call_count_json (f->api, "turn_on", 2,
                                                           "{\"entity_id\": \"light.a\"}",
                                                           &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_COUNT);
  g_assert_nonnull (strstr (error->message,
                            "Expected 'turn_on' to have been called 2 time(s) matching "
                            "{entity_id: 'light.a'}, but 1 call(s) matched "
                            "(2 call(s) of 'turn_on' in all)."));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_call_count (f->api, "toggle", 1, NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_COUNT);
  g_assert_nonnull (strstr (error->message, "but it was called 0 time(s). Calls recorded: []"));
  g_clear_error (&error);
}

static void
test_unknown_method (Fixture       *f,
                     gconstpointer  unused)
{
  struct {
    const char *typo;
    const char *suggestion;
  } cases[] = {
    { "turn_onn", "turn_on" },
    { "turnoff", "turn_off" },
    { "call_servce", "call_service" },
    { "notifi", "notify" },
    { "create_countr", "create_counter" },
    { "delete_input_bool", "delete_input_boolean" },
    { "set_states", "set_state" },
  };
  g_autoptr(JsonArray) sequence = NULL;
  GError *error = NULL;

  record_three (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *expected = g_strdup_printf ("Unknown recorded API method '%s'. "
                                                   "Did you mean '%s'?",
                                                   cases[i].typo, cases[i].suggestion);

      g_assert_false (hb_recording_api_is_method (cases[i].typo));
      g_assert_true (hb_recording_api_is_method (cases[i].suggestion));

      g_assert_false (hb_recording_api_assert_called (f->api, cases[i].typo, NULL, &error));
      g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }

  /* Every assertion checks the name, even where "not called" would trivially hold. */
  g_assert_false (hb_recording_api_assert_not_called (f->api, "turn_onn", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD);
  g_clear_error (&error);
  g_assert_false (hb_recording_api_assert_call_count (f->api, "turn_onn", 0, NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD);
  g_clear_error (&error);
  g_assert_false (hb_recording_api_assert_called_exact (f->api, "turn_onn", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD);
  g_clear_error (&error);
  g_assert_false (hb_recording_api_assert_sequence_json (
    f->api, 0, "[{\"method\": \"turn_on\"}, {\"method\": \"turn_of\"}]", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_METHOD);
  g_assert_cmpstr (error->message, ==,
                   "Sequence item 1: Unknown recorded API method 'turn_of'. "
                   "Did you mean 'turn_on'?");
  g_clear_error (&error);

  g_assert_false (hb_recording_api_is_method (NULL));
  g_assert_false (hb_recording_api_is_method ("create_light"));
  g_assert_true (hb_recording_api_is_method ("update_input_datetime"));
  g_assert_true (hb_recording_api_is_method ("fire_event"));
}

static void
test_unknown_key (Fixture       *f,
                  gconstpointer  unused)
{
  struct {
    const char *method;
    const char *kwargs;
    const char *message;
  } cases[] = {
    { "set_state", "{\"entity\": \"sensor.x\"}",
      "Unknown key 'entity' for 'set_state'. Did you mean 'entity_id'? "
      "Valid keys: [entity_id, state, attributes]" },
    { "fire_event", "{\"event_type\": \"x\", \"data\": {}}",
      "Unknown key 'data' for 'fire_event'. Did you mean 'event_data'? "
      "Valid keys: [event_type, event_data]" },
    { "notify", "{\"titel\": \"x\"}",
      "Unknown key 'titel' for 'notify'. Did you mean 'title'? "
      "Valid keys: [message, notifier, title, data]" },
    { "delete_counter", "{\"id\": \"x\"}",
      "Unknown key 'id' for 'delete_counter'. Did you mean 'helper_id'? "
      "Valid keys: [helper_id]" },
    { "update_timer", "{\"helper_id\": \"x\", \"durration\": 5}",
      "Unknown key 'durration' for 'update_timer'. Did you mean 'duration'? "
      "Valid keys: [helper_id, name, duration, icon, restore]" },
    { "create_input_button", "{\"nam\": \"x\"}",
      "Unknown key 'nam' for 'create_input_button'. Did you mean 'name'? "
      "Valid keys: [name, icon]" },
  };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (hb_recording_api_assert_called_json (f->api, cases[i].method,
                                                           cases[i].kwargs, &error));
      g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_KEY);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);

      g_assert_false (hb_recording_api_assert_not_called_json (f->api, cases[i].method,
                                                               cases[i].kwargs, &error));
      g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_KEY);
      g_clear_error (&error);
    }

  /* Open signatures take any key: this is an ordinary miss. */
  g_assert_true (hb_recording_api_turn_on (f->api, "light.a", NULL, NULL, &error));
  g_assert_false (hb_recording_api_assert_called_json (f->api, "turn_on",
                                                       "{\"whatever\": 1}", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_NO_MATCH);
  g_clear_error (&error);
  g_assert_true (hb_recording_api_assert_not_called_json (f->api, "call_service",
                                                          "{\"anything\": true}", &error));
  g_assert_no_error (error);
}

/*
 * Sequences and marks
 */

static void
record_sequence (Fixture *f)
{
  GError *error = NULL;

  g_assert_true (hb_recording_api_turn_on (f->api, "light.a", NULL, NULL, &error));
  g_assert_true (hb_recording_api_turn_off (f->api, "light.b", NULL, NULL, &error));
  g_assert_true (hb_recording_api_notify (f->api, "hi", "pager", NULL, NULL, &error));
  g_assert_true (hb_recording_api_turn_off (f->api, "light.a", NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_assert_sequence (Fixture       *f,
                      gconstpointer  unused)
{
  GError *error = NULL;

  record_sequence (f);

  g_assert_true (hb_recording_api_assert_sequence_json (f->api, 0, "[]", &error));
  g_assert_true (hb_recording_api_assert_sequence_json (
    f->api, 0,
    "[{\"method\": \"turn_on\", \"kwargs\": {\"entity_id\": \"light.a\"}},"
    " {\"method\": \"turn_off\", \"kwargs\": {\"entity_id\": \"light.a\"}}]", &error));
  g_assert_true (hb_recording_api_assert_sequence_json (
    f->api, 0,
    "[{\"method\": \"turn_off\"}, {\"method\": \"notify\", \"kwargs\": null},"
    " {\"method\": \"turn_off\"}]", &error));
  g_assert_no_error (error);

  /* Order matters; the failure names the step not found after the previous match. */
  g_assert_false (hb_recording_api_assert_sequence_json (
    f->api, 0,
    "[{\"method\": \"turn_off\", \"kwargs\": {\"entity_id\": \"light.a\"}},"
    " {\"method\": \"turn_on\", \"kwargs\": {\"entity_id\": \"light.a\"}}]", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_ORDER);
  g_assert_cmpstr (error->message, ==,
                   "Expected call 2 of 2 in the sequence, 'turn_on' matching "
                   "{entity_id: 'light.a'}, was not found after "
                   "#3 turn_off(entity_id='light.a', domain='light'). "
                   "Calls since mark 0: [#0 turn_on(entity_id='light.a', domain='light'), "
                   "#1 turn_off(entity_id='light.b', domain='light'), "
                   "#2 notify(message='hi', notifier='pager', title=null, data=null), "
                   "#3 turn_off(entity_id='light.a', domain='light')]");
  g_clear_error (&error);

  /* One call cannot satisfy two steps. */
  g_assert_false (hb_recording_api_assert_sequence_json (
    f->api, 0, "[{\"method\": \"notify\"}, {\"method\": \"notify\"}]", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_ORDER);
  g_assert_nonnull (strstr (error->message, "Expected call 2 of 2 in the sequence, 'notify', "
                                            "was not found after #2 notify("));
  g_clear_error (&error);

  /* Calls before the mark do not count. */
  g_assert_false (hb_recording_api_assert_sequence_json (
    f->api, 1, "[{\"method\": \"turn_on\"}]", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_ORDER);
  g_assert_nonnull (strstr (error->message,
                            "Expected call 1 of 1 in the sequence, 'turn_on', was not found "
                            "after mark 1. Calls since mark 1: [#1 turn_off("));
  g_clear_error (&error);

  /* A mark past the end leaves nothing to match. */
  g_assert_false (hb_recording_api_assert_sequence_json (
    f->api, 10, "[{\"method\": \"turn_on\"}]", &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_ORDER);
  g_assert_nonnull (strstr (error->message, "Calls since mark 10: []"));
  g_clear_error (&error);
}

static void
test_assert_sequence_bad_input (Fixture       *f,
                                gconstpointer  unused)
{
  struct {
    const char *json;
    GQuark      domain;
    int         code;
    const char *substring;
  } cases[] = {
    { "[1]", HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "Sequence item 0 is not an object" },
    { "[{\"kwargs\": {}}]", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "Sequence item 0 needs a string \"method\"" },
    { "[{\"method\": \"turn_on\"}, {\"method\": 5}]", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "Sequence item 1 needs" },
    { "[{\"method\": \"turn_on\", \"kwargs\": [1]}]", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "\"kwargs\" must be an object" },
    { "[{\"method\": \"turn_on\", \"kwarg\": {}}]", HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
      "unknown member 'kwarg'" },
    { "[{\"method\": \"set_state\", \"kwargs\": {\"sate\": \"on\"}}]",
      HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_UNKNOWN_KEY,
      "Sequence item 0: Unknown key 'sate' for 'set_state'. Did you mean 'state'?" },
    { "{\"method\": \"turn_on\"}", HB_ERROR, HB_ERROR_INVALID_JSON, "Expected a JSON array" },
    { "[{\"method\": ", HB_ERROR, HB_ERROR_INVALID_JSON, "" },
  };
  GError *error = NULL;

  record_sequence (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_false (hb_recording_api_assert_sequence_json (f->api, 0, cases[i].json, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].substring));
      g_clear_error (&error);
    }
}

static void
test_marks (Fixture       *f,
            gconstpointer  unused)
{
  g_autoptr(GPtrArray) since = NULL;
  g_autoptr(GPtrArray) since_off = NULL;
  g_autoptr(GPtrArray) all_off = NULL;
  GError *error = NULL;
  guint mark;

  g_assert_cmpuint (hb_recording_api_mark (f->api), ==, 0);
  g_assert_true (hb_recording_api_turn_off (f->api, "light.z", NULL, NULL, &error));
  mark = hb_recording_api_mark (f->api);
  g_assert_cmpuint (mark, ==, 1);
  record_sequence (f);

  since = hb_recording_api_get_calls_since (f->api, mark, NULL);
  g_assert_cmpuint (since->len, ==, 4);
  for (guint i = 0; i < since->len; i++)
    g_assert_cmpuint (hb_api_call_get_index (g_ptr_array_index (since, i)), ==, mark + i);

  since_off = hb_recording_api_get_calls_since (f->api, mark, "turn_off");
  g_assert_cmpuint (since_off->len, ==, 2);
  g_assert_cmpuint (hb_api_call_get_index (g_ptr_array_index (since_off, 0)), ==, 2);
  g_assert_cmpuint (hb_api_call_get_index (g_ptr_array_index (since_off, 1)), ==, 4);

  all_off = hb_recording_api_get_calls (f->api, "turn_off");
  g_assert_cmpuint (all_off->len, ==, 3);

  g_clear_pointer (&since, g_ptr_array_unref);
  since = hb_recording_api_get_calls_since (f->api, 100, NULL);
  g_assert_cmpuint (since->len, ==, 0);

  g_assert_true (hb_recording_api_assert_sequence_json (
    f->api, mark, "[{\"method\": \"turn_off\", \"kwargs\": {\"entity_id\": \"light.b\"}}]",
    &error));
  g_assert_no_error (error);
  g_assert_false (hb_recording_api_assert_sequence_json (
    f->api, mark, "[{\"method\": \"turn_off\", \"kwargs\": {\"entity_id\": \"light.z\"}}]",
    &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_ORDER);
  g_clear_error (&error);
}

/*
 * Model, signal, reset
 */

typedef struct
{
  guint      n_changes;
  guint      position;
  guint      removed;
  guint      added;
  GPtrArray *recorded;
} Observed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Observed   *observed)
{
  observed->n_changes++;
  observed->position = position;
  observed->removed = removed;
  observed->added = added;
}

static void
call_recorded_cb (HbRecordingApi *api,
                  HbApiCall      *call,
                  Observed       *observed)
{
  /* The call is already in the model when the signal runs. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (api)), ==,
                    hb_api_call_get_index (call) + 1);
  g_ptr_array_add (observed->recorded, g_object_ref (call));
}

static void
test_model_and_signal (Fixture       *f,
                       gconstpointer  unused)
{
  Observed observed = { 0, };
  g_autoptr(HbApiCall) item = NULL;
  GError *error = NULL;

  observed.recorded = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->api, "items-changed", G_CALLBACK (items_changed_cb), &observed);
  g_signal_connect (f->api, "call-recorded", G_CALLBACK (call_recorded_cb), &observed);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->api)) == HB_TYPE_API_CALL);

  g_assert_true (hb_recording_api_turn_on (f->api, "light.a", NULL, NULL, &error));
  g_assert_true (hb_recording_api_fire_event (f->api, "x", NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (observed.n_changes, ==, 2);
  g_assert_cmpuint (observed.position, ==, 1);
  g_assert_cmpuint (observed.removed, ==, 0);
  g_assert_cmpuint (observed.added, ==, 1);
  g_assert_cmpuint (observed.recorded->len, ==, 2);

  item = g_list_model_get_item (G_LIST_MODEL (f->api), 1);
  g_assert_true (item == g_ptr_array_index (observed.recorded, 1));
  g_assert_cmpstr (hb_api_call_get_method (item), ==, "fire_event");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->api), 2));

  /* A failed write emits nothing. */
  g_assert_false (hb_recording_api_turn_on (f->api, "bad", NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpuint (observed.n_changes, ==, 2);

  hb_recording_api_reset (f->api);
  g_assert_cmpuint (observed.n_changes, ==, 3);
  g_assert_cmpuint (observed.position, ==, 0);
  g_assert_cmpuint (observed.removed, ==, 2);
  g_assert_cmpuint (observed.added, ==, 0);

  /* Resetting an empty recorder changes nothing. */
  hb_recording_api_reset (f->api);
  g_assert_cmpuint (observed.n_changes, ==, 3);

  g_signal_handlers_disconnect_by_data (f->api, &observed);
  g_ptr_array_unref (observed.recorded);
}

static void
test_reset (Fixture       *f,
            gconstpointer  unused)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonArray) helpers = NULL;
  g_autoptr(HbApiCall) held = NULL;
  GError *error = NULL;

  record_three (f);
  created = create_helper (f, "timer", "{\"name\": \"Egg\", \"duration\": \"00:05:00\"}");
  before = hb_recording_api_get_calls (f->api, NULL);
  held = g_list_model_get_item (G_LIST_MODEL (f->api), 0);
  g_assert_cmpuint (before->len, ==, 4);

  hb_recording_api_reset (f->api);

  assert_n_calls (f, 0);
  after = hb_recording_api_get_calls (f->api, NULL);
  g_assert_cmpuint (after->len, ==, 0);
  g_assert_true (hb_recording_api_assert_not_called (f->api, "turn_on", NULL, &error));
  g_assert_no_error (error);
  helpers = hb_recording_api_list_helpers (f->api, "timer");
  g_assert_cmpuint (json_array_get_length (helpers), ==, 0);

  /* What was taken before keeps its calls and their contents. */
  g_assert_cmpuint (before->len, ==, 4);
  g_assert_cmpstr (hb_api_call_get_method (g_ptr_array_index (before, 3)), ==, "create_timer");
  g_assert_cmpstr (json_object_get_string_member (
                     hb_api_call_get_kwargs (g_ptr_array_index (before, 1)), "entity_id"),
                   ==, "light.b");
  g_assert_cmpstr (json_object_get_string_member (hb_api_call_get_kwargs (held), "entity_id"),
                   ==, "light.a");

  /* The helper store was emptied too. */
  g_assert_null (hb_recording_api_update_helper (f->api, "timer", "egg", NULL, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Indices start again at 0 (the update above was call #0), and the recorder keeps
   * working. */
  assert_call (f, 0, "update_timer", "{\"helper_id\": \"egg\"}");
  g_assert_true (hb_recording_api_turn_on (f->api, "light.c", NULL, NULL, &error));
  g_assert_no_error (error);
  assert_call (f, 1, "turn_on", "{\"entity_id\": \"light.c\", \"domain\": \"light\"}");
  g_assert_true (hb_recording_api_assert_call_count (f->api, "turn_on", 1, NULL, &error));
  g_assert_no_error (error);
}

/*
 * JSON twins, call objects
 */

static void
test_json_parse_errors (Fixture       *f,
                        gconstpointer  unused)
{
  GError *error = NULL;

  record_three (f);

  g_assert_false (hb_recording_api_assert_called_json (f->api, "turn_on", "{\"entity_id\": ",
                                                       &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  /* The position is in the message: line 1, column 15, where the missing value starts. */
  g_assert_nonnull (strstr (error->message, ":1:15:"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_sequence_json (f->api, 0, "[{\"method\":\n 5x",
                                                         &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, ":2:"));
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_called_exact_json (f->api, "turn_on", "{,}", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_not_called_json (f->api, "toggle", "[1]", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  g_clear_error (&error);

  g_assert_false (hb_recording_api_assert_call_count_json (f->api, "turn_on", 2, "nope",
                                                           &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  g_clear_error (&error);

  /* NULL text means no kwargs. */
  g_assert_true (hb_recording_api_assert_called_json (f->api, "turn_on", NULL, &error));
  g_assert_true (hb_recording_api_assert_call_count_json (f->api, "turn_on", 2, NULL, &error));
  g_assert_true (hb_recording_api_assert_not_called_json (f->api, "toggle", NULL, &error));
  g_assert_no_error (error);
}

static void
test_call_object (Fixture       *f,
                  gconstpointer  unused)
{
  g_autoptr(JsonObject) kwargs = parse_object ("{\"message\": \"it's a\\n\\\"test\\\" \\\\ °C\","
                                               " \"notifier\": \"x\", \"title\": null,"
                                               " \"data\": {\"a\": [1, true]}}");
  g_autoptr(HbApiCall) call = hb_api_call_new (7, "notify", kwargs, 42);
  g_autoptr(HbApiCall) empty = hb_api_call_new (0, "create_timer", NULL, 0);
  g_autoptr(JsonObject) json = NULL;
  g_autofree char *described = NULL;
  g_autofree char *method = NULL;
  guint index = 0;

  g_assert_cmpuint (hb_api_call_get_index (call), ==, 7);
  g_assert_cmpint (hb_api_call_get_time_usec (call), ==, 42);
  g_assert_true (hb_json_object_equal (hb_api_call_get_kwargs (call), kwargs));
  g_assert_true (hb_api_call_get_kwargs (call) != kwargs);

  described = hb_api_call_describe (call);
  g_assert_cmpstr (described, ==,
                   "notify(message='it\\'s a\\n\"test\" \\\\ °C', notifier='x', title=null, "
                   "data={\"a\":[1,true]})");

  g_clear_pointer (&described, g_free);
  described = hb_api_call_describe (empty);
  g_assert_cmpstr (described, ==, "create_timer()");
  g_assert_cmpuint (json_object_get_size (hb_api_call_get_kwargs (empty)), ==, 0);

  json = hb_api_call_to_json (call);
  g_assert_cmpstr (json_object_get_string_member (json, "method"), ==, "notify");
  g_assert_true (hb_json_object_equal (json_object_get_object_member (json, "kwargs"), kwargs));
  /* A fresh copy the caller may change. */
  json_object_set_string_member (json_object_get_object_member (json, "kwargs"), "x", "y");
  g_assert_false (json_object_has_member (hb_api_call_get_kwargs (call), "x"));

  g_object_get (call, "method", &method, "index", &index, NULL);
  g_assert_cmpstr (method, ==, "notify");
  g_assert_cmpuint (index, ==, 7);
}

/* A long history gives a bounded message. */
static void
test_long_listing (Fixture       *f,
                   gconstpointer  unused)
{
  GError *error = NULL;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("light.l%u", i);

      g_assert_true (hb_recording_api_turn_on (f->api, id, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_false (hb_recording_api_assert_not_called (f->api, "turn_on", NULL, &error));
  g_assert_error (error, HB_ASSERTION_ERROR, HB_ASSERTION_ERROR_CALLED);
  g_assert_nonnull (strstr (error->message, "#49 turn_on(entity_id='light.l49', "
                                            "domain='light'), ... and 10 more]"));
  g_assert_null (strstr (error->message, "light.l50"));
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/hassbench/recording-api/" path, Fixture, NULL, \
              fixture_setup, func, fixture_teardown)

  ADD ("turn-on-kwargs", test_turn_on_kwargs);
  ADD ("turn-on-not-call-service", test_turn_on_not_call_service);
  ADD ("write-bad-input", test_write_bad_input);
  ADD ("call-service-kwargs", test_call_service_kwargs);
  ADD ("deep-copy", test_deep_copy);
  ADD ("set-state-and-fire-event", test_set_state_and_fire_event);
  ADD ("notify", test_notify);
  ADD ("helper-create", test_helper_create);
  ADD ("helper-slugs", test_helper_slugs);
  ADD ("helper-update-delete", test_helper_update_delete);
  ADD ("helper-bad-input", test_helper_bad_input);
  ADD ("counter-services", test_counter_services);
  ADD ("reads", test_reads);
  ADD ("assert-called", test_assert_called);
  ADD ("assert-called-exact", test_assert_called_exact);
  ADD ("assert-not-called", test_assert_not_called);
  ADD ("assert-call-count", test_assert_call_count);
  ADD ("unknown-method", test_unknown_method);
  ADD ("unknown-key", test_unknown_key);
  ADD ("assert-sequence", test_assert_sequence);
  ADD ("assert-sequence-bad-input", test_assert_sequence_bad_input);
  ADD ("marks", test_marks);
  ADD ("model-and-signal", test_model_and_signal);
  ADD ("reset", test_reset);
  ADD ("json-parse-errors", test_json_parse_errors);
  ADD ("call-object", test_call_object);
  ADD ("long-listing", test_long_listing);

#undef ADD

  return g_test_run ();
}
