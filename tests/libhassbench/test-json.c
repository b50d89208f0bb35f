/* test-json.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>

#include <hassbench.h>

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = hb_json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_parse_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = NULL;

  object = hb_json_object_from_string ("{\"entity_id\": \"light.kitchen\", \"brightness\": 200}",
                                       &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "entity_id"), ==, "light.kitchen");
  g_assert_cmpint (json_object_get_int_member (object, "brightness"), ==, 200);

  /* The result is ours to change. */
  json_object_set_string_member (object, "extra", "yes");
  g_assert_cmpstr (json_object_get_string_member (object, "extra"), ==, "yes");
}

static void
test_parse_errors (void)
{
  static const struct { const char *text; const char *substring; } cases[] = {
    { "{\"a\": 1,}", "1:" },
    { "{\"a\":\n  tru}", "2:" },
    { "[1, 2", "Invalid JSON" },
    { "", "empty" },
    { "   ", "empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = hb_json_object_from_string (cases[i].text, &error);
      g_autoptr(GError) error2 = NULL;
      g_autoptr(JsonNode) node = hb_json_from_string (cases[i].text, &error2);

      g_assert_null (object);
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
      g_assert_nonnull (strstr (error->message, cases[i].substring));
      g_assert_null (node);
      g_assert_error (error2, HB_ERROR, HB_ERROR_INVALID_JSON);
    }
}

static void
test_parse_not_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = hb_json_object_from_string ("[1, 2, 3]", &error);
  g_autoptr(JsonNode) node = NULL;

  g_assert_null (object);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  g_assert_nonnull (strstr (error->message, "expected an object"));
  g_assert_nonnull (strstr (error->message, "JsonArray"));

  node = parse ("[1, 2, 3]");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 3);
}

static void
test_to_string (void)
{
  g_autoptr(JsonNode) node = parse ("{ \"z\": 1, \"a\": [true, null, 0.1, 2.0, -3],"
                                    "  \"m\": \"quote \\\" back\\\\slash\\nline\\u0001\","
                                    "  \"big\": 1e300, \"n\": {} }");
  g_autofree char *text = hb_json_to_string (node);
  g_autofree char *obj_text = hb_json_object_to_string (json_node_get_object (node));
  g_autofree char *null_text = hb_json_to_string (NULL);
  g_autofree char *null_obj_text = hb_json_object_to_string (NULL);
  g_autoptr(JsonNode) back = NULL;

  /* Insertion order, compact, shortest round-trip numbers. */
  g_assert_cmpstr (text, ==,
                   "{\"z\":1,\"a\":[true,null,0.1,2.0,-3],"
                   "\"m\":\"quote \\\" back\\\\slash\\nline\\u0001\",\"big\":1e+300,\"n\":{}}");
  g_assert_cmpstr (obj_text, ==, text);
  g_assert_cmpstr (null_text, ==, "null");
  g_assert_cmpstr (null_obj_text, ==, "null");

  back = parse (text);
  g_assert_true (hb_json_equal (node, back));
}

static void
test_to_string_non_finite (void)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;

  json_node_set_double (node, NAN);
  text = hb_json_to_string (node);
  g_assert_cmpstr (text, ==, "null");
}

static void
test_copy_is_deep (void)
{
  g_autoptr(JsonObject) original = hb_json_object_from_string (
    "{\"a\": {\"b\": [1, {\"c\": \"d\"}]}, \"e\": null}", NULL);
  g_autoptr(JsonObject) copy = hb_json_object_copy (original);
  g_autofree char *before = hb_json_object_to_string (original);
  g_autofree char *after = NULL;
  JsonObject *inner;

  g_assert_nonnull (copy);
  g_assert_true (copy != original);
  g_assert_true (hb_json_object_equal (original, copy));

  /* Changing the copy's nested object leaves the original alone. */
  inner = json_object_get_object_member (copy, "a");
  g_assert_true (inner != json_object_get_object_member (original, "a"));
  json_object_set_int_member (inner, "x", 5);
  json_object_set_int_member (json_array_get_object_element (
                                json_object_get_array_member (inner, "b"), 1), "y", 1);
  after = hb_json_object_to_string (original);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (hb_json_object_equal (original, copy));

  g_assert_null (hb_json_object_copy (NULL));
}

static void
test_equal (void)
{
  static const struct { const char *a; const char *b; gboolean equal; } cases[] = {
    { "1", "1.0", TRUE },
    { "1", "2", FALSE },
    { "9007199254740993", "9007199254740992", FALSE },
    { "\"1\"", "1", FALSE },
    { "true", "1", FALSE },
    { "null", "null", TRUE },
    { "null", "false", FALSE },
    { "{\"a\": 1, \"b\": 2}", "{\"b\": 2.0, \"a\": 1}", TRUE },
    { "{\"a\": 1}", "{\"a\": 1, \"b\": 2}", FALSE },
    { "{\"a\": 1, \"c\": 2}", "{\"a\": 1, \"b\": 2}", FALSE },
    { "[1, 2]", "[2, 1]", FALSE },
    { "[1, [2, {\"x\": \"y\"}]]", "[1.0, [2, {\"x\": \"y\"}]]", TRUE },
    { "[1]", "[1, 1]", FALSE },
    { "{\"a\": null}", "{}", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) a = parse (cases[i].a);
      g_autoptr(JsonNode) b = parse (cases[i].b);

      g_test_message ("%s vs %s", cases[i].a, cases[i].b);
      g_assert_cmpint (hb_json_equal (a, b), ==, cases[i].equal);
      g_assert_cmpint (hb_json_equal (b, a), ==, cases[i].equal);
    }
}

static void
test_equal_missing (void)
{
  g_autoptr(JsonNode) null_node = parse ("null");

  /* NULL is "missing", which is not the same as a null value. */
  g_assert_true (hb_json_equal (NULL, NULL));
  g_assert_false (hb_json_equal (NULL, null_node));
  g_assert_false (hb_json_equal (null_node, NULL));
  g_assert_true (hb_json_object_equal (NULL, NULL));
}

static void
test_display (void)
{
  static const struct { const char *json; const char *display; } cases[] = {
    { "\"on\"", "on" },
    { "28.5", "28.5" },
    { "200", "200" },
    { "true", "true" },
    { "null", "null" },
    { "[1, \"a\"]", "[1,\"a\"]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autofree char *display = hb_json_to_display (node);

      g_assert_cmpstr (display, ==, cases[i].display);
    }

  {
    g_autofree char *missing = hb_json_to_display (NULL);

    g_assert_cmpstr (missing, ==, "");
  }
}

/* One JSON grammar for the whole tool: what the scenario reader refuses, the helpers
 * refuse too (json-glib 1.6 alone would accept these). */
static void
test_strict_grammar (void)
{
  static const char *lax[] = {
    "{'entity_id': 'light.kitchen'}",
    "{\"a\": 1} trailing",
    "{\"a\": 1 /* comment */}",
    "[1, 2,]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lax); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = hb_json_from_string (lax[i], &error);

      g_assert_null (node);
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
      g_assert_nonnull (strstr (error->message, "<data>:1:"));
    }
}

/* A file's errors name the file, then the line and column; a good file parses. */
static void
test_from_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hb-json-XXXXXX", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "states.json", NULL);
  g_autofree char *good_path = g_build_filename (dir, "good.json", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) good = g_file_new_for_path (good_path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autofree char *expected = g_strdup_printf ("%s:2:26: ", bad_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_true (g_file_set_contents (bad_path, "[{\"entity_id\": \"light.a\"},\n"
                                      " {\"entity_id\": \"light.b\" \"state\": 1}]", -1, NULL));
  g_assert_true (g_file_set_contents (good_path, "[1, {\"a\": null}]", -1, NULL));

  node = hb_json_from_file (bad, &error);
  g_assert_null (node);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_JSON);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  node = hb_json_from_file (missing, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  node = hb_json_from_file (good, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);

  g_unlink (bad_path);
  g_unlink (good_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/json/parse-object", test_parse_object);
  g_test_add_func ("/hassbench/json/parse-errors", test_parse_errors);
  g_test_add_func ("/hassbench/json/parse-not-object", test_parse_not_object);
  g_test_add_func ("/hassbench/json/to-string", test_to_string);
  g_test_add_func ("/hassbench/json/to-string-non-finite", test_to_string_non_finite);
  g_test_add_func ("/hassbench/json/copy-is-deep", test_copy_is_deep);
  g_test_add_func ("/hassbench/json/equal", test_equal);
  g_test_add_func ("/hassbench/json/equal-missing", test_equal_missing);
  g_test_add_func ("/hassbench/json/display", test_display);

  g_test_add_func ("/hassbench/json/strict-grammar", test_strict_grammar);
  g_test_add_func ("/hassbench/json/from-file", test_from_file);

  return g_test_run ();
}
