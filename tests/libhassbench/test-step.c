/* test-step.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <hassbench.h>

/* One step of every kind, every field given, written in canonical order (so writing the
 * parsed step must give this exact text back). */
static const char * const every_kind[] = {
  "{\"kind\": \"set_state\", \"entity_id\": \"sensor.temp\", \"state\": \"27.5\", "
  "\"attributes\": {\"unit_of_measurement\": \"°C\", \"friendly_name\": \"Living Room\"}, "
  "\"comment\": \"seed\"}",
  "{\"kind\": \"set_states\", \"states\": {\"light.a\": \"on\", "
  "\"light.b\": [\"off\", {\"brightness\": 0}], \"light.c\": [\"on\"], "
  "\"sun.sun\": [\"above_horizon\", {}, \"2024-06-01T04:52:11.123456+00:00\", "
  "\"2024-06-01T06:59:00+00:00\"]}}",
  "{\"kind\": \"simulate_state_change\", \"entity_id\": \"binary_sensor.hallway_motion\", "
  "\"old_value\": null, \"new_value\": \"on\", \"old_attrs\": {}, "
  "\"new_attrs\": {\"device_class\": \"motion\"}, \"timeout\": 2.5}",
  "{\"kind\": \"simulate_attribute_change\", \"entity_id\": \"sensor.temp\", "
  "\"attribute\": \"temperature\", \"old_value\": 20, \"new_value\": 21.5, "
  "\"state\": \"ok\", \"timeout\": \"3s\"}",
  "{\"kind\": \"simulate_call_service\", \"domain\": \"light\", \"service\": \"turn_on\", "
  "\"service_data\": {\"entity_id\": \"light.living_room_main\", \"brightness\": 200, "
  "\"timeout\": 5, \"domain\": \"x\"}, \"timeout\": 1}",
  "{\"kind\": \"simulate_component_loaded\", \"component\": \"zha\"}",
  "{\"kind\": \"simulate_service_registered\", \"domain\": \"notify\", \"service\": \"pager\"}",
  "{\"kind\": \"simulate_homeassistant\", \"what\": \"restart\"}",
  "{\"kind\": \"simulate_service_status\", \"resource_name\": \"SchedulerService\", "
  "\"status\": \"failed\", \"previous_status\": \"running\", "
  "\"exception\": \"ConnectionError: connection lost\"}",
  "{\"kind\": \"simulate_websocket\", \"connected\": false}",
  "{\"kind\": \"simulate_app_state_changed\", \"app_key\": \"other_app\", "
  "\"status\": \"running\", \"previous_status\": \"starting\", \"exception\": \"\"}",
  "{\"kind\": \"simulate_event\", \"topic\": \"hass.event.custom\", "
  "\"data\": {\"a\": [1, 2.0, \"three\", null, true]}}",
  "{\"kind\": \"freeze_time\", \"at\": \"2024-06-01T09:00:00+02:00\"}",
  "{\"kind\": \"advance_time\", \"by\": \"1h30m\"}",
  "{\"kind\": \"trigger_due_jobs\"}",
  "{\"kind\": \"step\", \"by\": 300, \"timeout\": 0.25}",
  "{\"kind\": \"next_job\", \"timeout\": \"02:00:00\"}",
  "{\"kind\": \"drain\"}",
  "{\"kind\": \"finish\", \"timeout\": 10}",
  "{\"kind\": \"remove_job\", \"name\": \"motion_lights_off\"}",
  "{\"kind\": \"run_job\", \"name\": \"motion_lights_off\", \"timeout\": 3}",
  "{\"kind\": \"expect_called\", \"method\": \"turn_on\", "
  "\"kwargs\": {\"entity_id\": \"light.hallway\"}}",
  "{\"kind\": \"expect_called_exact\", \"method\": \"call_service\", "
  "\"kwargs\": {\"domain\": \"notify\", \"service\": \"mobile_app_my_phone\", \"target\": null, "
  "\"return_response\": false, \"title\": \"Sensor Alert\"}}",
  "{\"kind\": \"expect_not_called\", \"method\": \"turn_off\"}",
  "{\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": 2, "
  "\"kwargs\": {\"entity_id\": \"light.hallway\"}}",
  "{\"kind\": \"expect_state\", \"entity_id\": \"light.hallway\", \"state\": \"on\", "
  "\"attributes\": {\"brightness\": 200}}",
  "{\"kind\": \"expect_jobs\", \"count\": 1, \"names\": [\"motion_lights_off\"]}",
  "{\"kind\": \"expect_drain_error\", \"code\": \"task_failed\", "
  "\"task\": \"handler:motion_sensor\", \"message\": \"already exists\"}",
  "{\"kind\": \"expect_trigger_count\", \"count\": 0}",
};

static void
test_kind_names (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (every_kind), ==, HB_STEP_N_KINDS);

  for (guint i = 0; i < HB_STEP_N_KINDS; i++)
    {
      HbStepKind kind = 999;
      const char *name = hb_step_kind_to_string (i);

      g_assert_true (hb_step_kind_from_string (name, &kind, NULL));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpint (hb_step_kind_is_expectation (i), ==, g_str_has_prefix (name, "expect_"));
      if (g_str_has_prefix (name, "simulate_"))
        g_assert_true (hb_step_kind_drains (i));
    }

  g_assert_true (hb_step_kind_triggers (HB_STEP_TRIGGER_DUE_JOBS));
  g_assert_true (hb_step_kind_triggers (HB_STEP_NEXT_JOB));
  g_assert_false (hb_step_kind_triggers (HB_STEP_ADVANCE_TIME));
  g_assert_false (hb_step_kind_drains (HB_STEP_SET_STATE));
  g_assert_false (hb_step_kind_drains (HB_STEP_TRIGGER_DUE_JOBS));
}

static void
test_round_trip_every_kind (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (every_kind); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbStep) step = hb_step_new_from_string (every_kind[i], &error);
      g_autoptr(HbStep) again = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text2 = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (step);
      g_assert_cmpint (hb_step_get_kind (step), ==, i);

      text = hb_step_to_string (step);
      g_assert_cmpstr (text, ==, every_kind[i]);

      again = hb_step_new_from_string (text, &error);
      g_assert_no_error (error);
      g_assert_true (hb_step_equal (step, again));
      text2 = hb_step_to_string (again);
      g_assert_cmpstr (text, ==, text2);
    }
}

static void
test_canonical_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbStep) step = NULL;
  g_autofree char *text = NULL;

  step = hb_step_new_from_string ("{\"comment\": \"c\", \"new_value\": \"on\", "
                                  "\"old_value\": \"off\", \"entity_id\": \"light.x\", "
                                  "\"kind\": \"simulate_state_change\"}", &error);
  g_assert_no_error (error);
  text = hb_step_to_string (step);
  g_assert_cmpstr (text, ==, "{\"kind\": \"simulate_state_change\", \"entity_id\": \"light.x\", "
                             "\"old_value\": \"off\", \"new_value\": \"on\", \"comment\": \"c\"}");
  g_assert_cmpstr (hb_step_get_comment (step), ==, "c");
}

static void
test_durations (void)
{
  static const struct { const char *json; double seconds; } cases[] = {
    { "30", 30 }, { "\"30s\"", 30 }, { "\"5m\"", 300 }, { "\"1h30m\"", 5400 },
    { "\"02:34:10\"", 9250 }, { "1.5", 1.5 }, { "0", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf ("{\"kind\": \"step\", \"by\": %s, "
                                               "\"timeout\": %s}", cases[i].json,
                                               cases[i].json);
      g_autoptr(HbStep) step = hb_step_new_from_string (json, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpfloat_with_epsilon (hb_step_get_seconds (step), cases[i].seconds, 1e-9);
      g_assert_cmpfloat_with_epsilon (hb_step_get_timeout (step), cases[i].seconds, 1e-9);

      /* Written back the way it was given. */
      text = hb_step_to_string (step);
      g_assert_cmpstr (text, ==, json);
    }

  {
    g_autoptr(HbStep) step = hb_step_new_from_string ("{\"kind\": \"drain\"}", NULL);
    g_assert_cmpfloat (hb_step_get_timeout (step), ==, HB_DEFAULT_TIMEOUT);
    g_assert_cmpfloat (hb_step_get_seconds (step), ==, 0);
  }
}

static void
test_numbers_and_strings (void)
{
  static const char * const texts[] = {
    /* Doubles keep a fraction, integers stay integers, shortest exact text. */
    "{\"kind\": \"simulate_event\", \"topic\": \"t\", \"data\": {\"a\": 2.0, \"b\": 2, "
    "\"c\": 0.1, \"d\": -0.0, \"e\": 1e+300, \"f\": 9223372036854775807, "
    "\"g\": -9223372036854775808, \"h\": 1.5e-07, \"i\": 0.30000000000000004}}",
    /* Non-ASCII, quotes, backslashes, control characters. */
    "{\"kind\": \"set_state\", \"entity_id\": \"sensor.x\", \"state\": "
    "\"é \\\"q\\\" \\\\ \\n\\t\\u0001 ☃ 😀 日本\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbStep) step = hb_step_new_from_string (texts[i], &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = hb_step_to_string (step);
      g_assert_cmpstr (text, ==, texts[i]);
    }

  {
    g_autoptr(HbStep) step = hb_step_new_from_string (
        "{\"kind\": \"set_state\", \"entity_id\": \"sensor.x\", "
        "\"state\": \"\\u00e9\\ud83d\\ude00\\/\"}", NULL);

    /* Escapes are decoded; the written form is the plain UTF-8. */
    g_assert_cmpstr (hb_step_get_string (step, "state"), ==, "é😀/");
  }
}

static void
test_accessors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbStep) step = NULL;
  g_autoptr(JsonObject) json = NULL;
  g_autoptr(JsonObject) json2 = NULL;
  g_autofree char *description = NULL;

  step = hb_step_new_from_string (every_kind[HB_STEP_EXPECT_CALL_COUNT], &error);
  g_assert_no_error (error);
  g_assert_cmpint (hb_step_get_count (step), ==, 2);
  g_assert_cmpstr (hb_step_get_string (step, "method"), ==, "turn_on");
  g_assert_nonnull (hb_step_get_object (step, "kwargs"));
  g_assert_null (hb_step_get_object (step, "method"));
  g_assert_null (hb_step_get_field (step, "nope"));
  g_assert_true (hb_step_is_expectation (step));

  /* The JSON handed out is a copy: changing it leaves the step alone. */
  json = hb_step_to_json (step);
  json_object_set_int_member (json, "count", 7);
  json_object_set_string_member (json_object_get_object_member (json, "kwargs"),
                                 "entity_id", "light.other");
  json2 = hb_step_to_json (step);
  g_assert_cmpint (json_object_get_int_member (json2, "count"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json2, "kwargs"),
                                                  "entity_id"), ==, "light.hallway");

  description = hb_step_describe (step);
  g_assert_nonnull (strstr (description, "expect_call_count turn_on"));
  g_assert_nonnull (strstr (description, "light.hallway"));
}

static void
test_from_object_is_copied (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) attrs = json_object_new ();
  g_autoptr(HbStep) step = NULL;
  g_autofree char *description = NULL;

  json_object_set_string_member (object, "kind", "set_state");
  json_object_set_string_member (object, "entity_id", "light.kitchen");
  json_object_set_string_member (object, "state", "on");
  json_object_set_int_member (attrs, "brightness", 10);
  json_object_set_object_member (object, "attributes", json_object_ref (attrs));

  step = hb_step_new_from_object (object, &error);
  g_assert_no_error (error);

  /* Changing the source after the step was made does not change the step. */
  json_object_set_int_member (attrs, "brightness", 99);
  g_assert_cmpint (json_object_get_int_member (hb_step_get_object (step, "attributes"),
                                               "brightness"), ==, 10);

  description = hb_step_describe (step);
  g_assert_cmpstr (description, ==, "set_state light.kitchen = on");
}

static void
test_equal (void)
{
  g_autoptr(HbStep) a = hb_step_new_from_string ("{\"kind\": \"step\", \"by\": 1}", NULL);
  g_autoptr(HbStep) b = hb_step_new_from_string ("{\"kind\": \"step\", \"by\": 1.0}", NULL);
  g_autoptr(HbStep) c = hb_step_new_from_string ("{\"kind\": \"step\", \"by\": 2}", NULL);
  g_autoptr(HbStep) d = hb_step_new_from_string ("{\"kind\": \"advance_time\", \"by\": 1}", NULL);

  g_assert_true (hb_step_equal (a, b));
  g_assert_false (hb_step_equal (a, c));
  g_assert_false (hb_step_equal (a, d));
}

typedef struct
{
  const char *text;
  int         code;
  const char *message;
} BadCase;

static const BadCase bad_cases[] = {
  /* Shape */
  { "{\"kind\": \"simulate_foo\"}", HB_SCENARIO_ERROR_UNKNOWN_KIND,
    "1:10: kind: unknown step kind 'simulate_foo'; expected one of set_state, set_states, " },
  { "{\"entity_id\": \"light.x\"}", HB_SCENARIO_ERROR_MISSING_FIELD,
    "1:1: kind: missing; every step needs a kind" },
  { "{\"kind\": 3}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "1:10: kind: expected a step kind string, got an integer" },
  { "[1, 2]", HB_SCENARIO_ERROR_WRONG_TYPE,
    "1:1: expected a step object {\"kind\": ...}, got an array" },
  { "{\"kind\": \"simulate_state_change\", \"entity_id\": \"light.x\", \"old_value\": \"off\", "
    "\"new_value\": 5}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "new_value: expected a string or null, got an integer" },
  { "{\"kind\": \"simulate_state_change\", \"entity_id\": \"light.x\", \"old_value\": \"off\"}",
    HB_SCENARIO_ERROR_MISSING_FIELD, "1:1: new_value: missing; simulate_state_change needs it" },
  { "{\"kind\": \"simulate_state_change\", \"entity_id\": \"light.x\", \"old_value\": \"off\", "
    "\"new_valu\": \"on\"}", HB_SCENARIO_ERROR_UNKNOWN_FIELD,
    "new_valu: unknown field for simulate_state_change; its fields are entity_id, old_value, "
    "new_value, old_attrs, new_attrs, timeout, comment" },
  { "{\"kind\": \"set_state\", \"entity_id\": \"Light.X\", \"state\": \"on\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "entity_id: 'Light.X' is not an entity id" },
  { "{\"kind\": \"set_state\", \"entity_id\": \"light.x\", \"state\": true}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "state: expected a string, got a boolean" },
  { "{\"kind\": \"set_state\", \"entity_id\": \"light.x\", \"state\": \"on\", "
    "\"attributes\": []}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "attributes: expected an object, got an array" },
  { "{\"kind\": \"set_states\", \"states\": {\"light.x\": 1}}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "states[\"light.x\"]: expected a string or [\"state\", {attributes}], got an integer" },
  { "{\"kind\": \"set_states\", \"states\": {\"light.x\": [\"on\", 3]}}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "states[\"light.x\"][1]: expected an object, got an integer" },
  { "{\"kind\": \"set_states\", \"states\": {\"light.x\": [\"on\", {}, 7]}}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "states[\"light.x\"][2]: expected an ISO 8601 instant" },
  { "{\"kind\": \"set_states\", \"states\": {\"light.x\": [\"on\", {}, "
    "\"2024-06-01T07:00:00+00:00\", \"later\"]}}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "states[\"light.x\"][3]: " },
  { "{\"kind\": \"set_states\", \"states\": {\"light.x\": [\"on\", {}, \"a\", \"b\", \"c\"]}}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "states[\"light.x\"]: expected [\"state\", {attributes}, "
    "\"last_changed\", \"last_updated\"] (the last three optional), got an array of 5" },
  { "{\"kind\": \"set_states\", \"states\": {\"nodot\": \"on\"}}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "states.nodot: 'nodot' is not an entity id" },
  { "{\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": -1}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "count: expected an integer >= 0, got -1" },
  { "{\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": 1.5}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "count: expected an integer >= 0, got a decimal number" },
  { "{\"kind\": \"expect_called\", \"method\": \"turn_onn\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "method: 'turn_onn' is not a recorded API method" },
  { "{\"kind\": \"advance_time\", \"by\": \"5 parsecs\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "by: " },
  { "{\"kind\": \"advance_time\", \"by\": -1}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "by: a duration must be finite and >= 0, got -1" },
  { "{\"kind\": \"advance_time\", \"by\": [1]}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "by: expected a duration (seconds, or text like" },
  { "{\"kind\": \"advance_time\"}",
    HB_SCENARIO_ERROR_MISSING_FIELD, "by: missing; advance_time needs it" },
  { "{\"kind\": \"drain\", \"timeout\": \"soon\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "timeout: " },
  { "{\"kind\": \"freeze_time\", \"at\": \"yesterday\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "at: " },
  { "{\"kind\": \"simulate_service_status\", \"resource_name\": \"x\", \"status\": \"dead\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "status: " },
  { "{\"kind\": \"simulate_homeassistant\", \"what\": \"reboot\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE,
    "what: expected \"start\", \"stop\" or \"restart\", got \"reboot\"" },
  { "{\"kind\": \"simulate_websocket\", \"connected\": \"yes\"}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "connected: expected true or false, got a string" },
  { "{\"kind\": \"simulate_call_service\", \"domain\": \"\", \"service\": \"x\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "domain: must not be empty" },
  { "{\"kind\": \"expect_jobs\"}",
    HB_SCENARIO_ERROR_MISSING_FIELD, "count: missing; expect_jobs needs \"count\", \"names\"" },
  { "{\"kind\": \"expect_jobs\", \"names\": [\"a\", 2]}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "names[1]: expected a string, got an integer" },
  { "{\"kind\": \"expect_drain_error\", \"code\": \"boom\"}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "code: expected \"task_failed\" or \"timeout\"" },
  { "{\"kind\": \"drain\", \"comment\": 1}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "comment: expected a string, got an integer" },
  { "{\"kind\": \"expect_called_exact\", \"method\": \"turn_on\"}",
    HB_SCENARIO_ERROR_MISSING_FIELD, "kwargs: missing" },

  /* Syntax */
  { "{\"kind\": 'drain'}", HB_SCENARIO_ERROR_SYNTAX, "1:10: strings must use double quotes" },
  { "{\"kind\": \"drain\"} x", HB_SCENARIO_ERROR_SYNTAX,
    "1:19: unexpected 'x' after the end of the JSON value" },
  { "{\"kind\": \"drain\" /* c */}", HB_SCENARIO_ERROR_SYNTAX,
    "1:18: comments are not allowed in JSON" },
  { "{\"kind\": \"step\", \"by\": 01}", HB_SCENARIO_ERROR_SYNTAX,
    "1:24: invalid number: leading zeros are not allowed" },
  { "{\"kind\": \"step\", \"by\": 12345678901234567890}", HB_SCENARIO_ERROR_SYNTAX,
    "1:24: integer 12345678901234567890 does not fit in 64 bits" },
  { "{\"kind\": \"step\", \"by\": 1e400}", HB_SCENARIO_ERROR_SYNTAX,
    "1:24: number 1e400 is out of range" },
  { "{\"kind\": \"drain\", \"kind\": \"drain\"}", HB_SCENARIO_ERROR_SYNTAX,
    "1:19: duplicate member \"kind\"" },
  { "{\"kind\": \"drain", HB_SCENARIO_ERROR_SYNTAX, "1:10: unterminated string" },
  { "{\"kind\": \"drain\",}", HB_SCENARIO_ERROR_SYNTAX, "1:18: trailing comma before '}'" },
  { "{\"kind\": \"dr\xff\"}", HB_SCENARIO_ERROR_SYNTAX, "1:13: invalid UTF-8 in string" },
  { "", HB_SCENARIO_ERROR_SYNTAX, "1:1: empty input; expected a JSON value" },
  { "\xEF\xBB\xBF{}", HB_SCENARIO_ERROR_SYNTAX, "1:1: the text starts with a byte order mark" },
  { "{\"kind\": NaN}", HB_SCENARIO_ERROR_SYNTAX, "1:10: unexpected word 'NaN'; expected a value" },
  { "{\"kind\": \"a\\qb\"}", HB_SCENARIO_ERROR_SYNTAX, "1:12: invalid escape \\'q' in string" },
  { "{\"kind\": \"\\ud800\"}", HB_SCENARIO_ERROR_SYNTAX,
    "1:11: invalid \\u escape: unpaired high surrogate" },
  { "{\"kind\": \"\\u0000\"}", HB_SCENARIO_ERROR_SYNTAX,
    "1:11: \\u0000 is not allowed in strings" },
  { "{\"kind\"\n:\n\"dra\nin\"}", HB_SCENARIO_ERROR_SYNTAX,
    "3:5: unterminated string (a newline must be written \\n)" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbStep) step = hb_step_new_from_string (bad_cases[i].text, &error);

      {
        /* Some cases are deliberately not UTF-8: escape them for the TAP stream. */
        g_autofree char *shown = g_strescape (bad_cases[i].text, NULL);

        g_test_message ("case %u: %s", i, shown);
      }
      g_assert_null (step);
      g_assert_error (error, HB_SCENARIO_ERROR, bad_cases[i].code);
      if (strstr (error->message, bad_cases[i].message) == NULL)
        g_error ("case %u: message '%s' lacks '%s'", i, error->message, bad_cases[i].message);
    }
}

static void
test_error_position (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbStep) step = NULL;

  step = hb_step_new_from_string ("{\n"
                                  "  \"kind\": \"simulate_state_change\",\n"
                                  "  \"entity_id\": \"light.x\", \"old_value\": \"off\",\n"
                                  "  \"new_value\": [\"é\"]\n"
                                  "}\n", &error);
  g_assert_null (step);
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==,
                   "4:16: new_value: expected a string or null, got an array");
  g_clear_error (&error);

  /* Columns count characters, not bytes. */
  step = hb_step_new_from_string ("{\"comment\": \"ééé\", \"kind\": \"drain\", \"timeout\": {}}",
                                  &error);
  g_assert_null (step);
  g_assert_cmpstr (error->message, ==,
                   "1:48: timeout: expected a duration (seconds, or text like \"30s\", \"5m\", "
                   "\"1h30m\", \"02:34:10\"), got an object");
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new ("{\"kind\": \"simulate_event\", \"topic\": \"t\", "
                                          "\"data\": {\"a\": ");
  g_autoptr(GError) error = NULL;
  g_autoptr(HbStep) step = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '[');

  /* Must fail cleanly, not overflow the stack in a recursive parser. */
  step = hb_step_new_from_string (text->str, &error);
  g_assert_null (step);
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "nesting deeper than"));
}

static void
test_from_json_paths (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("{\"kind\": \"expect_state\", "
                                               "\"entity_id\": \"light.x\", \"state\": 1}",
                                               NULL);
  g_autoptr(HbStep) step = hb_step_new_from_json (node, &error);

  /* From a tree there are no positions, only the path. */
  g_assert_null (step);
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_WRONG_TYPE);
  g_assert_cmpstr (error->message, ==, "state: expected a string or null, got an integer");
}

/* Every example step in docs/scenario-format.md is a valid step, and every kind has one:
 * the format's documentation cannot drift from what the library reads. */
static void
test_documented_examples (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "docs",
                                                 "scenario-format.md", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean seen[HB_STEP_N_KINDS] = { FALSE, };
  gboolean in_json = FALSE;
  guint n_examples = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(HbStep) step = NULL;

      if (g_str_has_prefix (lines[i], "```"))
        {
          in_json = g_str_equal (lines[i], "```json");
          continue;
        }
      if (!in_json || !g_str_has_prefix (lines[i], "{\"kind\": "))
        continue;

      step = hb_step_new_from_string (lines[i], &error);
      if (step == NULL)
        g_error ("scenario-format.md:%u: %s", i + 1, error->message);
      seen[hb_step_get_kind (step)] = TRUE;
      n_examples++;
    }

  g_assert_cmpuint (n_examples, >=, HB_STEP_N_KINDS);
  for (guint kind = 0; kind < HB_STEP_N_KINDS; kind++)
    if (!seen[kind])
      g_error ("scenario-format.md has no example of step kind %u", kind);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/step/kind-names", test_kind_names);
  g_test_add_func ("/hassbench/step/round-trip-every-kind", test_round_trip_every_kind);
  g_test_add_func ("/hassbench/step/canonical-order", test_canonical_order);
  g_test_add_func ("/hassbench/step/durations", test_durations);
  g_test_add_func ("/hassbench/step/numbers-and-strings", test_numbers_and_strings);
  g_test_add_func ("/hassbench/step/accessors", test_accessors);
  g_test_add_func ("/hassbench/step/from-object-is-copied", test_from_object_is_copied);
  g_test_add_func ("/hassbench/step/equal", test_equal);
  g_test_add_func ("/hassbench/step/bad-input", test_bad_input);
  g_test_add_func ("/hassbench/step/error-position", test_error_position);
  g_test_add_func ("/hassbench/step/deep-nesting", test_deep_nesting);
  g_test_add_func ("/hassbench/step/from-json-paths", test_from_json_paths);
  g_test_add_func ("/hassbench/step/documented-examples", test_documented_examples);

  return g_test_run ();
}
