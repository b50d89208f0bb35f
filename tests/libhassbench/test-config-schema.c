/* test-config-schema.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <hassbench.h>

static HbConfigSchema *
motion_schema (void)
{
  HbConfigSchema *schema = hb_config_schema_new ();

  hb_config_schema_add (schema, "motion_sensor", HB_CONFIG_ENTITY_ID, NULL, "The sensor");
  hb_config_schema_add (schema, "light", HB_CONFIG_ENTITY_ID, "\"light.hallway\"", NULL);
  hb_config_schema_add (schema, "off_delay_seconds", HB_CONFIG_DOUBLE, "300", NULL);
  hb_config_schema_add (schema, "count", HB_CONFIG_INT, "3", NULL);
  hb_config_schema_add (schema, "enabled", HB_CONFIG_BOOLEAN, "true", NULL);
  hb_config_schema_add (schema, "extra", HB_CONFIG_OBJECT, "{}", NULL);
  hb_config_schema_add (schema, "targets", HB_CONFIG_ARRAY, "[]", NULL);
  hb_config_schema_add (schema, "title", HB_CONFIG_STRING, "\"Alert\"", NULL);
  return schema;
}

static JsonObject *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonObject *object = hb_json_object_from_string (text, &error);

  g_assert_no_error (error);
  return object;
}

static void
test_builtins (void)
{
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (hb_config_schema_get_n_fields (schema), ==, 2);
  g_assert_cmpstr (hb_config_schema_get_field_name (schema, 0), ==, "instance_name");
  g_assert_cmpstr (hb_config_schema_get_field_name (schema, 1), ==, "log_level");
  g_assert_cmpint (hb_config_schema_get_field_type (schema, 1), ==, HB_CONFIG_STRING);

  result = hb_config_schema_validate (schema, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (result, "instance_name"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (result, "log_level"), ==, "INFO");
  g_assert_cmpuint (json_object_get_size (result), ==, 2);
}

static void
test_defaults_filled (void)
{
  g_autoptr(HbConfigSchema) schema = motion_schema ();
  g_autoptr(JsonObject) config = parse ("{\"motion_sensor\": \"binary_sensor.porch\", "
                                        "\"off_delay_seconds\": 60, \"instance_name\": \"porch\"}");
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *delay;

  result = hb_config_schema_validate (schema, config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "motion_sensor"), ==,
                   "binary_sensor.porch");
  g_assert_cmpstr (json_object_get_string_member (result, "light"), ==, "light.hallway");
  g_assert_cmpstr (json_object_get_string_member (result, "instance_name"), ==, "porch");
  g_assert_cmpstr (json_object_get_string_member (result, "title"), ==, "Alert");
  g_assert_cmpint (json_object_get_int_member (result, "count"), ==, 3);
  g_assert_true (json_object_get_boolean_member (result, "enabled"));

  /* The one coercion: an int for a double field is stored as a double. */
  delay = json_object_get_member (result, "off_delay_seconds");
  g_assert_cmpint (json_node_get_value_type (delay), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (delay), ==, 60.0);

  /* The given config is not modified. */
  g_assert_false (json_object_has_member (config, "light"));
}

static void
assert_config_error (HbConfigSchema *schema,
                     const char     *config_json,
                     int             code,
                     const char     *message)
{
  g_autoptr(JsonObject) config = parse (config_json);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  result = hb_config_schema_validate (schema, config, &error);
  g_assert_null (result);
  g_assert_error (error, HB_CONFIG_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_errors (void)
{
  g_autoptr(HbConfigSchema) schema = motion_schema ();

  assert_config_error (schema, "{}", HB_CONFIG_ERROR_MISSING_FIELD,
                       "1 validation error — field 'motion_sensor': Field required");
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", \"motion_sensr\": 1}",
                       HB_CONFIG_ERROR_UNKNOWN_FIELD,
                       "1 validation error — field 'motion_sensr': "
                       "Extra inputs are not permitted");
  /* "60" is never a number (no stringly coercion). */
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", "
                       "\"off_delay_seconds\": \"60\"}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'off_delay_seconds': "
                       "Input should be a valid number");
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", \"count\": 2.5}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'count': Input should be a valid integer");
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", \"enabled\": \"yes\"}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'enabled': Input should be a valid boolean");
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", \"extra\": []}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'extra': Input should be a valid dictionary");
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", \"targets\": {}}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'targets': Input should be a valid list");
  assert_config_error (schema, "{\"motion_sensor\": 5}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'motion_sensor': "
                       "Input should be a valid string");
  assert_config_error (schema, "{\"motion_sensor\": \"Not An Entity\"}",
                       HB_CONFIG_ERROR_INVALID_VALUE,
                       "1 validation error — field 'motion_sensor': Value error, 'Not An Entity' "
                       "is not a valid entity id (expected 'domain.object_id')");
  assert_config_error (schema, "{\"motion_sensor\": \"binary_sensor.x\", \"log_level\": \"LOUD\"}",
                       HB_CONFIG_ERROR_INVALID_VALUE,
                       "1 validation error — field 'log_level': Input should be 'DEBUG', 'INFO', "
                       "'WARNING', 'ERROR' or 'CRITICAL', got 'LOUD'");
  assert_config_error (schema, "{\"motion_sensor\": null}",
                       HB_CONFIG_ERROR_WRONG_TYPE,
                       "1 validation error — field 'motion_sensor': "
                       "Input should be a valid string");
}

static void
test_several_errors_first_reported (void)
{
  g_autoptr(HbConfigSchema) schema = motion_schema ();

  /* Schema order first, then unknown keys in the config's order: deterministic. */
  assert_config_error (schema, "{\"zzz\": 1, \"count\": \"x\", \"aaa\": 2}",
                       HB_CONFIG_ERROR_MISSING_FIELD,
                       "4 validation errors — field 'motion_sensor': Field required");
  assert_config_error (schema, "{\"motion_sensor\": \"a.b\", \"zzz\": 1, \"aaa\": 2}",
                       HB_CONFIG_ERROR_UNKNOWN_FIELD,
                       "2 validation errors — field 'zzz': Extra inputs are not permitted");
}

static void
test_to_json (void)
{
  g_autoptr(HbConfigSchema) schema = motion_schema ();
  g_autoptr(JsonArray) array = hb_config_schema_to_json (schema);
  JsonObject *sensor;
  JsonObject *light;
  JsonObject *delay;

  g_assert_cmpuint (json_array_get_length (array), ==, hb_config_schema_get_n_fields (schema));
  g_assert_cmpuint (json_array_get_length (array), ==, 10);

  sensor = json_array_get_object_element (array, 2);
  g_assert_cmpstr (json_object_get_string_member (sensor, "name"), ==, "motion_sensor");
  g_assert_cmpstr (json_object_get_string_member (sensor, "type"), ==, "entity_id");
  g_assert_true (json_object_get_boolean_member (sensor, "required"));
  g_assert_true (json_object_get_null_member (sensor, "default"));
  g_assert_cmpstr (json_object_get_string_member (sensor, "description"), ==, "The sensor");

  light = json_array_get_object_element (array, 3);
  g_assert_false (json_object_get_boolean_member (light, "required"));
  g_assert_cmpstr (json_object_get_string_member (light, "default"), ==, "light.hallway");

  delay = json_array_get_object_element (array, 4);
  g_assert_cmpstr (json_object_get_string_member (delay, "type"), ==, "double");
  g_assert_cmpfloat (json_object_get_double_member (delay, "default"), ==, 300.0);
  g_assert_null (hb_config_schema_get_field_default (schema, 2));
  g_assert_nonnull (hb_config_schema_get_field_default (schema, 3));
  g_assert_cmpstr (hb_config_schema_get_field_description (schema, 2), ==, "The sensor");
}

static void
test_bad_definitions (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

      hb_config_schema_add (schema, "delay", HB_CONFIG_DOUBLE, "\"soon\"", NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*default \"soon\" does not fit type double*");
}

static void
test_duplicate_field (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

      hb_config_schema_add (schema, "instance_name", HB_CONFIG_STRING, NULL, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*already has a field named 'instance_name'*");
}

static void
test_type_names (void)
{
  g_assert_cmpstr (hb_config_type_to_string (HB_CONFIG_STRING), ==, "string");
  g_assert_cmpstr (hb_config_type_to_string (HB_CONFIG_INT), ==, "int");
  g_assert_cmpstr (hb_config_type_to_string (HB_CONFIG_BOOLEAN), ==, "boolean");
  g_assert_cmpstr (hb_config_type_to_string (HB_CONFIG_OBJECT), ==, "object");
  g_assert_cmpstr (hb_config_type_to_string (HB_CONFIG_ARRAY), ==, "array");
  g_assert_true (G_TYPE_IS_BOXED (HB_TYPE_CONFIG_SCHEMA));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/config-schema/builtins", test_builtins);
  g_test_add_func ("/hassbench/config-schema/defaults-filled", test_defaults_filled);
  g_test_add_func ("/hassbench/config-schema/errors", test_errors);
  g_test_add_func ("/hassbench/config-schema/several-errors", test_several_errors_first_reported);
  g_test_add_func ("/hassbench/config-schema/to-json", test_to_json);
  g_test_add_func ("/hassbench/config-schema/bad-default", test_bad_definitions);
  g_test_add_func ("/hassbench/config-schema/duplicate-field", test_duplicate_field);
  g_test_add_func ("/hassbench/config-schema/type-names", test_type_names);

  return g_test_run ();
}
