/* test-scenario.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <hassbench.h>

/* A scenario in exactly the form hb_scenario_to_data() writes, with one step of every
 * kind, times with offsets and fractions, numbers of every shape and non-ASCII text. */
static const char canonical[] =
  "{\n"
  "  \"format\": \"hassbench-scenario\",\n"
  "  \"version\": 1,\n"
  "  \"description\": \"Every kind — «unicode», \\\"quotes\\\", back\\\\slash\\nnewline 😀\",\n"
  "  \"app\": {\n"
  "    \"id\": \"motion-lights\",\n"
  "    \"config\": {\"off_delay_seconds\": 60, \"ratio\": 0.1, \"two\": 2.0, "
  "\"big\": 9007199254740993, \"light\": \"light.porch\"}\n"
  "  },\n"
  "  \"harness\": {\n"
  "    \"start_time\": \"2024-06-01T09:00:00.250000+02:00\",\n"
  "    \"time_zone\": \"Europe/Berlin\",\n"
  "    \"seed\": 42\n"
  "  },\n"
  "  \"steps\": [\n"
  "    {\"kind\": \"set_state\", \"entity_id\": \"sensor.temp\", \"state\": \"27.5\", "
  "\"attributes\": {\"unit_of_measurement\": \"°C\"}},\n"
  "    {\"kind\": \"set_states\", \"states\": {\"light.a\": \"on\", \"light.b\": [\"off\", "
  "{\"brightness\": 0}]}},\n"
  "    {\"kind\": \"simulate_state_change\", \"entity_id\": \"binary_sensor.hallway_motion\", "
  "\"old_value\": null, \"new_value\": \"on\", \"timeout\": 2.5},\n"
  "    {\"kind\": \"simulate_attribute_change\", \"entity_id\": \"sensor.temp\", "
  "\"attribute\": \"temperature\", \"old_value\": 20, \"new_value\": 21.5},\n"
  "    {\"kind\": \"simulate_call_service\", \"domain\": \"light\", \"service\": \"turn_on\", "
  "\"service_data\": {\"entity_id\": \"light.living_room_main\", \"brightness\": 200}},\n"
  "    {\"kind\": \"simulate_component_loaded\", \"component\": \"zha\"},\n"
  "    {\"kind\": \"simulate_service_registered\", \"domain\": \"notify\", "
  "\"service\": \"pager\"},\n"
  "    {\"kind\": \"simulate_homeassistant\", \"what\": \"stop\"},\n"
  "    {\"kind\": \"simulate_service_status\", \"resource_name\": \"WebSocketService\", "
  "\"status\": \"failed\"},\n"
  "    {\"kind\": \"simulate_websocket\", \"connected\": true},\n"
  "    {\"kind\": \"simulate_app_state_changed\", \"status\": \"stopping\"},\n"
  "    {\"kind\": \"simulate_event\", \"topic\": \"hass.event.custom\", \"data\": {}},\n"
  "    {\"kind\": \"freeze_time\", \"at\": \"2024-06-01T07:00:00Z\"},\n"
  "    {\"kind\": \"advance_time\", \"by\": \"5m\"},\n"
  "    {\"kind\": \"trigger_due_jobs\"},\n"
  "    {\"kind\": \"step\", \"by\": 299.5},\n"
  "    {\"kind\": \"next_job\"},\n"
  "    {\"kind\": \"drain\", \"timeout\": \"00:00:03\"},\n"
  "    {\"kind\": \"finish\"},\n"
  "    {\"kind\": \"remove_job\", \"name\": \"motion_lights_off\"},\n"
  "    {\"kind\": \"run_job\", \"name\": \"motion_lights_off\", \"timeout\": 1},\n"
  "    {\"kind\": \"expect_called\", \"method\": \"turn_on\"},\n"
  "    {\"kind\": \"expect_called_exact\", \"method\": \"turn_off\", "
  "\"kwargs\": {\"entity_id\": \"light.hallway\", \"domain\": \"light\"}},\n"
  "    {\"kind\": \"expect_not_called\", \"method\": \"toggle\"},\n"
  "    {\"kind\": \"expect_call_count\", \"method\": \"turn_on\", \"count\": 2},\n"
  "    {\"kind\": \"expect_state\", \"entity_id\": \"light.a\", \"state\": null},\n"
  "    {\"kind\": \"expect_jobs\", \"count\": 0},\n"
  "    {\"kind\": \"expect_drain_error\"},\n"
  "    {\"kind\": \"expect_trigger_count\", \"count\": 1, \"comment\": \"ML-2\"}\n"
  "  ]\n"
  "}\n";

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbScenario) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;
  gsize length = 0;
  guint64 seed = 0;

  scenario = hb_scenario_new_from_data (canonical, -1, "canonical", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hb_scenario_get_n_steps (scenario), ==, HB_STEP_N_KINDS);
  for (guint i = 0; i < HB_STEP_N_KINDS; i++)
    g_assert_cmpint (hb_step_get_kind (hb_scenario_get_step (scenario, i)), ==, i);

  g_assert_cmpstr (hb_scenario_get_app_id (scenario), ==, "motion-lights");
  g_assert_null (hb_scenario_get_app_module (scenario));
  g_assert_cmpstr (hb_scenario_get_start_time (scenario), ==,
                   "2024-06-01T09:00:00.250000+02:00");
  g_assert_cmpstr (hb_scenario_get_time_zone (scenario), ==, "Europe/Berlin");
  g_assert_true (hb_scenario_get_seed (scenario, &seed));
  g_assert_cmpuint (seed, ==, 42);
  g_assert_cmpint (json_object_get_int_member (hb_scenario_get_config (scenario), "big"), ==,
                   G_GINT64_CONSTANT (9007199254740993));

  /* Byte for byte. */
  text = hb_scenario_to_data (scenario, &length);
  g_assert_cmpstr (text, ==, canonical);
  g_assert_cmpuint (length, ==, strlen (canonical));

  again = hb_scenario_new_from_data (text, length, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hb_scenario_equal (scenario, again));
  text2 = hb_scenario_to_data (again, NULL);
  g_assert_cmpstr (text2, ==, text);
}

static void
test_normalises (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autofree char *text = NULL;

  /* Any order, any spacing, escapes: written back in the canonical form. */
  scenario = hb_scenario_new_from_data ("{\"steps\":[{\"new_value\":\"on\",\"kind\":"
                                        "\"simulate_state_change\",\"old_value\":\"off\","
                                        "\"entity_id\":\"light.x\"}],\"app\":{\"config\":"
                                        "{\"t\":\"\\u00e9\"},\"type\":\"MyApp\",\"module\":"
                                        "\"m.so\"},\"version\":1,\"format\":"
                                        "\"hassbench-scenario\"}", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (hb_scenario_get_start_time (scenario));
  g_assert_false (hb_scenario_get_seed (scenario, NULL));

  text = hb_scenario_to_data (scenario, NULL);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"format\": \"hassbench-scenario\",\n"
                   "  \"version\": 1,\n"
                   "  \"app\": {\n"
                   "    \"module\": \"m.so\",\n"
                   "    \"type\": \"MyApp\",\n"
                   "    \"config\": {\"t\": \"é\"}\n"
                   "  },\n"
                   "  \"harness\": {},\n"
                   "  \"steps\": [\n"
                   "    {\"kind\": \"simulate_state_change\", \"entity_id\": \"light.x\", "
                   "\"old_value\": \"off\", \"new_value\": \"on\"}\n"
                   "  ]\n"
                   "}\n");
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbScenario) loaded = NULL;
  g_autoptr(HbStep) step = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hb-scenario-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonObject) config = json_object_new ();

  g_assert_no_error (error);
  path = g_build_filename (dir, "x.hbscenario.json", NULL);

  scenario = hb_scenario_new ();
  hb_scenario_set_app_id (scenario, "sensor-threshold");
  json_object_set_double_member (config, "threshold", 28.0);
  hb_scenario_set_config (scenario, config);
  g_assert_true (hb_scenario_set_start_time (scenario, "2024-06-01T07:00:00+00:00", &error));
  g_assert_true (hb_scenario_set_time_zone (scenario, "UTC", &error));
  hb_scenario_set_seed (scenario, 7);
  step = hb_step_new_from_string ("{\"kind\": \"simulate_state_change\", "
                                  "\"entity_id\": \"sensor.living_room_temperature\", "
                                  "\"old_value\": \"27.5\", \"new_value\": \"28.5\"}", &error);
  g_assert_no_error (error);
  hb_scenario_append_step (scenario, step);

  g_assert_true (hb_scenario_save (scenario, path, &error));
  g_assert_no_error (error);

  loaded = hb_scenario_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (hb_scenario_equal (scenario, loaded));
  g_assert_cmpstr (hb_scenario_get_base_dir (loaded), ==, dir);
  g_assert_cmpfloat (json_object_get_double_member (hb_scenario_get_config (loaded),
                                                    "threshold"), ==, 28.0);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"threshold\": 28.0"));

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = NULL;

  scenario = hb_scenario_new_from_file ("/nonexistent/x.hbscenario.json", &error);
  g_assert_null (scenario);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/x.hbscenario.json"));
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

static void
test_list_model (void)
{
  g_autoptr(HbScenario) scenario = hb_scenario_new ();
  g_autoptr(HbStep) a = hb_step_new_from_string ("{\"kind\": \"drain\"}", NULL);
  g_autoptr(HbStep) b = hb_step_new_from_string ("{\"kind\": \"finish\"}", NULL);
  g_autoptr(HbStep) item = NULL;
  g_autoptr(GString) log = g_string_new (NULL);

  g_signal_connect (scenario, "items-changed", G_CALLBACK (items_changed_cb), log);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (scenario)) == HB_TYPE_STEP);
  hb_scenario_append_step (scenario, a);
  hb_scenario_insert_step (scenario, 0, b);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (scenario)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (scenario), 0);
  g_assert_true (item == b);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (scenario), 2));
  hb_scenario_remove_step (scenario, 1);
  hb_scenario_remove_all_steps (scenario);
  hb_scenario_remove_all_steps (scenario);
  g_assert_cmpuint (hb_scenario_get_n_steps (scenario), ==, 0);

  g_assert_cmpstr (log->str, ==, "0-0+1;0-0+1;1-1+0;0-1+0;");
}

static void
test_setters_validate (void)
{
  g_autoptr(HbScenario) scenario = hb_scenario_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (hb_scenario_set_time_zone (scenario, "Mars/Olympus", &error));
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "unknown time zone 'Mars/Olympus'"));
  g_assert_null (hb_scenario_get_time_zone (scenario));
  g_clear_error (&error);

  g_assert_false (hb_scenario_set_start_time (scenario, "June", &error));
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "harness.start_time: "));
  g_assert_null (hb_scenario_get_start_time (scenario));
}

typedef struct
{
  const char *text;
  int         code;
  const char *message;
} BadCase;

#define HEAD "{\"format\": \"hassbench-scenario\", \"version\": 1, "
#define APP "\"app\": {\"id\": \"motion-lights\"}, "

static const BadCase bad_cases[] = {
  { "{\"format\": \"hassbench-scenario\",\n  \"version\": 1,\n  \"app\": {\"id\": \"x\"},\n"
    "  \"steps\": [{\"kind\": \"drain\"}, {\"kind\": \"drain\"},\n"
    "    {\"kind\": \"simulate_foo\"}]}", HB_SCENARIO_ERROR_UNKNOWN_KIND,
    "f.json:5:14: steps[2].kind: unknown step kind 'simulate_foo'; expected one of set_state, " },
  { "{\"format\": \"hassbench-scenario\",\n\"version\": 1,\n\"steps\": [\n", HB_SCENARIO_ERROR_SYNTAX,
    "f.json:4:1: unexpected end of input; expected a value" },
  { HEAD APP "\"steps\": [{\"kind\": \"set_state\", \"entity_id\": \"light.x\", \"state\": 1}]}",
    HB_SCENARIO_ERROR_WRONG_TYPE,
    "f.json:1:145: steps[0].state: expected a string, got an integer" },
  { HEAD APP "\"steps\": [{\"kind\": \"set_state\", \"entity_id\": \"light.x\"}]}",
    HB_SCENARIO_ERROR_MISSING_FIELD,
    "f.json:1:90: steps[0].state: missing; set_state needs it" },
  { "{\"format\": \"hassbench-scenario\", \"version\": 2, \"whatever\": true}",
    HB_SCENARIO_ERROR_UNSUPPORTED_VERSION,
    "f.json:1:45: version: this is a version 2 scenario; this build of Hassbench reads version "
    "1 only (the file was written by a newer Hassbench)" },
  { "{\"format\": \"hassbench-scenario\", \"version\": \"1\"}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "version: expected an integer, got a string" },
  { "{\"format\": \"hassbench-scenario\"}", HB_SCENARIO_ERROR_MISSING_FIELD,
    "f.json:1:1: version: missing" },
  { "{\"format\": \"other\", \"version\": 1}", HB_SCENARIO_ERROR_UNKNOWN_FORMAT,
    "f.json:1:12: format: expected \"hassbench-scenario\", got \"other\"" },
  { "{\"version\": 1}", HB_SCENARIO_ERROR_UNKNOWN_FORMAT, "f.json:1:1: format: missing" },
  { "[]", HB_SCENARIO_ERROR_UNKNOWN_FORMAT, "f.json:1:1: not a hassbench scenario" },
  { HEAD "\"steps\": []}", HB_SCENARIO_ERROR_MISSING_FIELD, "app: missing" },
  { HEAD "\"app\": [], \"steps\": []}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "app: expected an object, got an array" },
  { HEAD "\"app\": {}, \"steps\": []}", HB_SCENARIO_ERROR_MISSING_FIELD, "app.id: missing" },
  { HEAD "\"app\": {\"type\": \"MyApp\"}, \"steps\": []}", HB_SCENARIO_ERROR_MISSING_FIELD,
    "app.module: missing" },
  { HEAD "\"app\": {\"id\": \"x\", \"name\": \"y\"}, \"steps\": []}",
    HB_SCENARIO_ERROR_UNKNOWN_FIELD, "app.name: unknown field; expected one of id, module, "
    "type, config" },
  { HEAD "\"app\": {\"id\": \"x\", \"config\": 3}, \"steps\": []}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "app.config: expected an object, got an integer" },
  { HEAD "\"app\": {\"id\": \"\"}, \"steps\": []}", HB_SCENARIO_ERROR_INVALID_VALUE,
    "app.id: must not be empty" },
  { HEAD APP "\"harness\": {\"time_zone\": \"Nowhere/Land\"}, \"steps\": []}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "harness.time_zone: unknown time zone 'Nowhere/Land'" },
  { HEAD APP "\"harness\": {\"start_time\": \"tomorrow\"}, \"steps\": []}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "harness.start_time: " },
  { HEAD APP "\"harness\": {\"seed\": -1}, \"steps\": []}",
    HB_SCENARIO_ERROR_INVALID_VALUE, "harness.seed: expected an integer >= 0, got -1" },
  { HEAD APP "\"harness\": {\"seed\": 1.5}, \"steps\": []}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "harness.seed: expected an integer >= 0, got a decimal" },
  { HEAD APP "\"harness\": {\"zone\": \"UTC\"}, \"steps\": []}",
    HB_SCENARIO_ERROR_UNKNOWN_FIELD, "harness.zone: unknown field" },
  { HEAD APP "\"harness\": 1, \"steps\": []}",
    HB_SCENARIO_ERROR_WRONG_TYPE, "harness: expected an object, got an integer" },
  { HEAD APP "\"steps\": {}}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "steps: expected an array of steps, got an object" },
  { HEAD APP "\"steps\": [1]}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "steps[0]: expected a step object {\"kind\": ...}, got an integer" },
  { HEAD APP "}", HB_SCENARIO_ERROR_SYNTAX, "trailing comma before '}'" },
  { HEAD APP "\"steps\": [], \"extra\": 1}", HB_SCENARIO_ERROR_UNKNOWN_FIELD,
    "extra: unknown field; expected one of format, version, description, app, harness, steps" },
  { HEAD APP "\"description\": 5, \"steps\": []}", HB_SCENARIO_ERROR_WRONG_TYPE,
    "description: expected a string, got an integer" },
  { HEAD "\"app\": {\"id\": \"x\", \"config\": {\"a\": 1, \"a\": 2}}, \"steps\": []}",
    HB_SCENARIO_ERROR_SYNTAX, "duplicate member \"a\"" },
  { "", HB_SCENARIO_ERROR_SYNTAX, "f.json:1:1: empty input" },
};

static void
test_bad_input (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbScenario) scenario = NULL;

      {
        /* Some cases are deliberately not UTF-8: escape them for the TAP stream. */
        g_autofree char *shown = g_strescape (bad_cases[i].text, NULL);

        g_test_message ("case %u: %s", i, shown);
      }
      scenario = hb_scenario_new_from_data (bad_cases[i].text, -1, "f.json", &error);
      g_assert_null (scenario);
      g_assert_error (error, HB_SCENARIO_ERROR, bad_cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "f.json:"));
      if (strstr (error->message, bad_cases[i].message) == NULL)
        g_error ("case %u: message '%s' lacks '%s'", i, error->message, bad_cases[i].message);
    }
}

static void
test_bad_file_names_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hb-scenario-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bad.hbscenario.json", NULL);
  g_autoptr(HbScenario) scenario = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (path, HEAD APP "\"steps\": [{\"kind\": 'x'}]}", -1,
                                      NULL));
  scenario = hb_scenario_new_from_file (path, &error);
  g_assert_null (scenario);
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_SYNTAX);
  expected = g_strdup_printf ("%s:1:99: strings must use double quotes", path);
  g_assert_cmpstr (error->message, ==, expected);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_from_json_tree (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (HEAD APP "\"steps\": [{\"kind\": \"drain\", "
                                               "\"timeout\": -3}]}", NULL);
  g_autoptr(HbScenario) scenario = hb_scenario_new_from_json (node, &error);

  g_assert_null (scenario);
  g_assert_error (error, HB_SCENARIO_ERROR, HB_SCENARIO_ERROR_INVALID_VALUE);
  g_assert_cmpstr (error->message, ==,
                   "steps[0].timeout: a duration must be finite and >= 0, got -3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/scenario/round-trip", test_round_trip);
  g_test_add_func ("/hassbench/scenario/normalises", test_normalises);
  g_test_add_func ("/hassbench/scenario/file", test_file);
  g_test_add_func ("/hassbench/scenario/missing-file", test_missing_file);
  g_test_add_func ("/hassbench/scenario/list-model", test_list_model);
  g_test_add_func ("/hassbench/scenario/setters-validate", test_setters_validate);
  g_test_add_func ("/hassbench/scenario/parse-invalid", test_bad_input);
  g_test_add_func ("/hassbench/scenario/parse-invalid-file", test_bad_file_names_file);
  g_test_add_func ("/hassbench/scenario/from-json-tree", test_from_json_tree);

  return g_test_run ();
}
