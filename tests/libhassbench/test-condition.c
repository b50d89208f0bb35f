/* test-condition.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <hassbench.h>

static JsonNode *
str_node (const char *s)
{
  return json_node_init_string (json_node_alloc (), s);
}

static JsonNode *
int_node (gint64 v)
{
  return json_node_init_int (json_node_alloc (), v);
}

static JsonNode *
double_node (double v)
{
  return json_node_init_double (json_node_alloc (), v);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = hb_json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonNode) node = parse (text);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

/* Matches @cond against the JSON text @value (NULL: MISSING). */
static gboolean
match_text (HbCondition *cond,
            const char  *value)
{
  g_autoptr(JsonNode) node = value != NULL ? parse (value) : NULL;

  return hb_condition_match (cond, node);
}

static void
assert_describe (HbCondition *cond,
                 const char  *expected)
{
  g_autofree char *text = hb_condition_describe (cond);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_glob_match (void)
{
  /* '*' crosses dots, as fnmatch does */
  g_assert_true (hb_glob_match ("light.*", "light.kitchen"));
  g_assert_true (hb_glob_match ("*", "a.b.c"));
  g_assert_true (hb_glob_match ("hass.event.*", "hass.event.state_changed.light.x"));
  g_assert_true (hb_glob_match ("*.kitchen", "light.kitchen"));
  g_assert_true (hb_glob_match ("*.kitchen", "a.b.kitchen"));
  g_assert_false (hb_glob_match ("*.kitchen", "light.kitchen_2"));
  g_assert_false (hb_glob_match ("light.*", "switch.kitchen"));
  g_assert_false (hb_glob_match ("light.*", "light"));
  g_assert_true (hb_glob_match ("light.*", "light."));
  g_assert_true (hb_glob_match ("l*t.k*n", "light.kitchen"));
  g_assert_true (hb_glob_match ("*a*b*c*", "xxaxxbxxcxx"));
  g_assert_false (hb_glob_match ("*a*b*c*", "xxaxxcxxbxx"));
  g_assert_true (hb_glob_match ("a**b", "ab"));

  /* '?' is exactly one character, Unicode aware */
  g_assert_true (hb_glob_match ("sensor.t?mp", "sensor.temp"));
  g_assert_false (hb_glob_match ("sensor.t?mp", "sensor.tmp"));
  g_assert_true (hb_glob_match ("caf?", "café"));
  g_assert_true (hb_glob_match ("*é", "café"));

  /* sets */
  g_assert_true (hb_glob_match ("light.[ab]*", "light.attic"));
  g_assert_true (hb_glob_match ("light.[ab]*", "light.bath"));
  g_assert_false (hb_glob_match ("light.[ab]*", "light.cellar"));
  g_assert_true (hb_glob_match ("light.[!ab]*", "light.cellar"));
  g_assert_false (hb_glob_match ("light.[!ab]*", "light.attic"));
  g_assert_true (hb_glob_match ("x[0-9]", "x5"));
  g_assert_false (hb_glob_match ("x[0-9]", "xa"));
  g_assert_true (hb_glob_match ("x[]]", "x]"));
  g_assert_true (hb_glob_match ("x[!]]", "xa"));
  g_assert_false (hb_glob_match ("x[!]]", "x]"));
  g_assert_true (hb_glob_match ("x[a-]", "x-"));
  g_assert_true (hb_glob_match ("x[-a]", "x-"));
  g_assert_false (hb_glob_match ("x[z-a]", "xm"));

  /* no escapes: a backslash is a literal character, as in Python's fnmatch */
  g_assert_true (hb_glob_match ("a\\*", "a\\bc"));

  /* exact text and empty text */
  g_assert_true (hb_glob_match ("light.kitchen", "light.kitchen"));
  g_assert_false (hb_glob_match ("light.kitchen", "light.kitchenx"));
  g_assert_true (hb_glob_match ("*", ""));
  g_assert_false (hb_glob_match ("?", ""));
  g_assert_false (hb_glob_match ("a", ""));
}

static void
test_glob_validate (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hb_glob_validate ("light.*", NULL));
  g_assert_true (hb_glob_validate ("x[]]", NULL));
  g_assert_true (hb_glob_validate ("plain.text", NULL));

  g_assert_false (hb_glob_validate ("light.[abc", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_assert_nonnull (strstr (error->message, "'light.[abc'"));
  g_assert_nonnull (strstr (error->message, "position 6"));
  g_clear_error (&error);

  g_assert_false (hb_glob_validate ("x[]", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_clear_error (&error);

  g_assert_false (hb_glob_validate ("x[!]", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_clear_error (&error);

  g_assert_false (hb_glob_validate ("", &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  g_assert_true (hb_glob_is_pattern ("light.*"));
  g_assert_true (hb_glob_is_pattern ("light.?"));
  g_assert_true (hb_glob_is_pattern ("light.[ab]"));
  g_assert_false (hb_glob_is_pattern ("light.kitchen"));
}

static void
test_equals (void)
{
  g_autoptr(HbCondition) on = hb_condition_equals_string ("on");
  g_autoptr(JsonNode) one = int_node (1);
  g_autoptr(HbCondition) equals_one = hb_condition_equals (one);

  g_assert_true (match_text (on, "\"on\""));
  g_assert_false (match_text (on, "\"off\""));
  g_assert_false (match_text (on, NULL));
  g_assert_false (match_text (on, "null"));
  g_assert_false (match_text (on, "true"));
  g_assert_false (hb_condition_is_comparison (on));
  assert_describe (on, "== 'on'");

  /* numbers compare by value; a numeric string is not a number here */
  g_assert_true (match_text (equals_one, "1"));
  g_assert_true (match_text (equals_one, "1.0"));
  g_assert_false (match_text (equals_one, "\"1\""));
  assert_describe (equals_one, "== 1");
}

static void
test_string_conditions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbCondition) glob = hb_condition_glob ("light.*", &error);
  g_autoptr(HbCondition) starts = hb_condition_starts_with ("light.");
  g_autoptr(HbCondition) ends = hb_condition_ends_with (".kitchen");
  g_autoptr(HbCondition) contains = hb_condition_contains ("itch");
  g_autoptr(HbCondition) regex = NULL;
  HbCondition *bad;

  g_assert_no_error (error);

  g_assert_true (match_text (glob, "\"light.kitchen\""));
  g_assert_false (match_text (glob, "\"switch.kitchen\""));
  g_assert_true (match_text (starts, "\"light.kitchen\""));
  g_assert_false (match_text (starts, "\"switch.light.\""));
  g_assert_true (match_text (ends, "\"light.kitchen\""));
  g_assert_false (match_text (ends, "\"light.kitchen2\""));
  g_assert_true (match_text (contains, "\"light.kitchen\""));
  g_assert_false (match_text (contains, "\"light.hall\""));

  regex = hb_condition_regex ("^1101 Main .*", &error);
  g_assert_no_error (error);
  g_assert_true (match_text (regex, "\"1101 Main Street\""));
  g_assert_false (match_text (regex, "\"at 1101 Main Street\""));
  g_clear_pointer (&regex, hb_condition_unref);

  /* anchored at the start like Python's re.match, but not at the end */
  regex = hb_condition_regex ("ki", &error);
  g_assert_no_error (error);
  g_assert_true (match_text (regex, "\"kitchen\""));
  g_assert_false (match_text (regex, "\"the kitchen\""));

  /* string conditions are false for anything that is not a string */
  for (guint i = 0; i < 5; i++)
    {
      static const char *not_strings[] = { "1", "null", "true", "[\"light.x\"]", "{\"a\":1}" };
      HbCondition *conds[] = { glob, starts, ends, contains, regex };

      for (guint j = 0; j < G_N_ELEMENTS (conds); j++)
        g_assert_false (match_text (conds[j], not_strings[i]));
    }
  g_assert_false (match_text (glob, NULL));
  g_assert_false (match_text (regex, NULL));

  assert_describe (glob, "glob 'light.*'");
  assert_describe (starts, "starts_with 'light.'");
  assert_describe (ends, "ends_with '.kitchen'");
  assert_describe (contains, "contains 'itch'");
  assert_describe (regex, "regex 'ki'");

  bad = hb_condition_glob ("light.[", &error);
  g_assert_null (bad);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB);
  g_clear_error (&error);

  bad = hb_condition_regex ("(unclosed", &error);
  g_assert_null (bad);
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "(unclosed"));
}

static void
test_presence (void)
{
  g_autoptr(HbCondition) present = hb_condition_present ();
  g_autoptr(HbCondition) missing = hb_condition_missing ();
  g_autoptr(HbCondition) is_none = hb_condition_is_none ();
  g_autoptr(HbCondition) is_not_none = hb_condition_is_not_none ();

  g_assert_true (match_text (present, "null"));
  g_assert_true (match_text (present, "0"));
  g_assert_false (match_text (present, NULL));

  g_assert_true (match_text (missing, NULL));
  g_assert_false (match_text (missing, "null"));

  g_assert_true (match_text (is_none, "null"));
  g_assert_false (match_text (is_none, NULL));
  g_assert_false (match_text (is_none, "\"\""));

  /* MISSING is not None */
  g_assert_true (match_text (is_not_none, NULL));
  g_assert_true (match_text (is_not_none, "0"));
  g_assert_false (match_text (is_not_none, "null"));

  assert_describe (present, "present");
  assert_describe (missing, "missing");
  assert_describe (is_none, "is_none");
  assert_describe (is_not_none, "is_not_none");
}

static void
test_collections (void)
{
  g_autoptr(JsonArray) values = parse_array ("[\"walking\", \"running\", 3]");
  g_autoptr(HbCondition) is_in = hb_condition_is_in (values);
  g_autoptr(HbCondition) not_in = hb_condition_not_in (values);
  g_autoptr(HbCondition) intersects = hb_condition_intersects (values);
  g_autoptr(HbCondition) not_intersects = hb_condition_not_intersects (values);
  g_autoptr(JsonNode) kitchen = str_node ("light.kitchen");
  g_autoptr(HbCondition) is_or_contains = hb_condition_is_or_contains (kitchen);

  g_assert_true (match_text (is_in, "\"walking\""));
  g_assert_true (match_text (is_in, "3.0"));
  g_assert_false (match_text (is_in, "\"sitting\""));
  g_assert_false (match_text (is_in, NULL));

  g_assert_false (match_text (not_in, "\"running\""));
  g_assert_true (match_text (not_in, "\"sitting\""));
  g_assert_true (match_text (not_in, NULL));

  g_assert_true (match_text (intersects, "[\"sitting\", \"running\"]"));
  g_assert_false (match_text (intersects, "[\"sitting\"]"));
  g_assert_false (match_text (intersects, "[]"));
  g_assert_false (match_text (intersects, "\"walking\""));
  g_assert_false (match_text (intersects, NULL));

  g_assert_false (match_text (not_intersects, "[\"sitting\", \"running\"]"));
  g_assert_true (match_text (not_intersects, "[\"sitting\"]"));
  g_assert_true (match_text (not_intersects, "\"walking\""));
  g_assert_true (match_text (not_intersects, NULL));

  g_assert_true (match_text (is_or_contains, "\"light.kitchen\""));
  g_assert_true (match_text (is_or_contains, "[\"light.hall\", \"light.kitchen\"]"));
  g_assert_false (match_text (is_or_contains, "[\"light.hall\"]"));
  g_assert_false (match_text (is_or_contains, "\"light.hall\""));
  g_assert_false (match_text (is_or_contains, NULL));

  /* the condition keeps its own copy of the array */
  json_array_add_string_element (values, "sitting");
  g_assert_false (match_text (is_in, "\"sitting\""));

  assert_describe (is_in, "in ['walking', 'running', 3]");
  assert_describe (not_in, "not in ['walking', 'running', 3]");
  assert_describe (intersects, "intersects ['walking', 'running', 3]");
  assert_describe (not_intersects, "not intersects ['walking', 'running', 3]");
  assert_describe (is_or_contains, "is_or_contains 'light.kitchen'");
}

static void
test_compare (void)
{
  g_autoptr(HbCondition) gt28 = hb_condition_compare_number (HB_COMPARE_GT, 28);
  g_autoptr(HbCondition) le28 = hb_condition_compare_number (HB_COMPARE_LE, 28);
  g_autoptr(HbCondition) ne28 = hb_condition_compare_number (HB_COMPARE_NE, 28);
  g_autoptr(HbCondition) eq28 = hb_condition_compare_number (HB_COMPARE_EQ, 28);
  g_autoptr(JsonNode) b = str_node ("b");
  g_autoptr(HbCondition) lt_b = hb_condition_compare (HB_COMPARE_LT, b);
  g_autoptr(HbCondition) ne_b = hb_condition_compare (HB_COMPARE_NE, b);
  g_autoptr(JsonNode) big = int_node (G_GINT64_CONSTANT (9007199254740993));
  g_autoptr(HbCondition) ge_big = hb_condition_compare (HB_COMPARE_GE, big);

  /* numeric reference and string value: both become numbers */
  g_assert_true (match_text (gt28, "\"28.5\""));
  g_assert_false (match_text (gt28, "\"28\""));
  g_assert_true (match_text (gt28, "\" 30 \""));
  g_assert_true (match_text (le28, "\"28.0\""));
  g_assert_true (match_text (eq28, "\"28\""));
  g_assert_true (match_text (eq28, "28"));
  g_assert_true (match_text (gt28, "29"));
  g_assert_true (match_text (gt28, "28.25"));
  g_assert_false (match_text (gt28, "27"));

  /* a string that is not a number fails every comparison, != included */
  g_assert_false (match_text (gt28, "\"unavailable\""));
  g_assert_false (match_text (le28, "\"unavailable\""));
  g_assert_false (match_text (ne28, "\"unavailable\""));
  g_assert_false (match_text (gt28, "\"\""));

  /* MISSING: nothing is equal to it, ordering it fails */
  g_assert_false (match_text (gt28, NULL));
  g_assert_false (match_text (eq28, NULL));
  g_assert_true (match_text (ne28, NULL));

  /* null and other types cannot be ordered */
  g_assert_false (match_text (gt28, "null"));
  g_assert_false (match_text (le28, "[1]"));
  g_assert_true (match_text (ne28, "null"));

  /* strings order by code point */
  g_assert_true (match_text (lt_b, "\"a\""));
  g_assert_false (match_text (lt_b, "\"c\""));
  g_assert_false (match_text (lt_b, "1"));
  g_assert_true (match_text (ne_b, "\"a\""));
  g_assert_true (match_text (ne_b, "1"));

  /* large integers compare exactly */
  g_assert_true (match_text (ge_big, "9007199254740993"));
  g_assert_false (match_text (ge_big, "9007199254740992"));

  /* NaN is unordered */
  g_assert_false (match_text (gt28, "\"nan\""));

  assert_describe (gt28, "> 28.0");
  assert_describe (lt_b, "< 'b'");
  assert_describe (ne28, "!= 28.0");
}

static void
test_compare_op_from_string (void)
{
  static const struct {
    const char *text;
    HbCompareOp op;
  } ops[] = {
    { ">", HB_COMPARE_GT }, { "gt", HB_COMPARE_GT },
    { "<", HB_COMPARE_LT }, { "lt", HB_COMPARE_LT },
    { ">=", HB_COMPARE_GE }, { "ge", HB_COMPARE_GE },
    { "<=", HB_COMPARE_LE }, { "le", HB_COMPARE_LE },
    { "==", HB_COMPARE_EQ }, { "eq", HB_COMPARE_EQ },
    { "!=", HB_COMPARE_NE }, { "ne", HB_COMPARE_NE },
  };
  g_autoptr(GError) error = NULL;
  HbCompareOp op = HB_COMPARE_EQ;

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      op = (HbCompareOp) -1;
      g_assert_true (hb_compare_op_from_string (ops[i].text, &op, &error));
      g_assert_no_error (error);
      g_assert_cmpint (op, ==, ops[i].op);
    }

  g_assert_false (hb_compare_op_from_string ("=>", &op, &error));
  g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'=>'"));
  g_assert_nonnull (strstr (error->message, "gt lt ge le eq ne"));
}

static void
test_increased_decreased (void)
{
  g_autoptr(HbCondition) inc = hb_condition_increased ();
  g_autoptr(HbCondition) dec = hb_condition_decreased ();
  g_autoptr(JsonNode) s1 = str_node ("1");
  g_autoptr(JsonNode) s2 = str_node ("2.5");
  g_autoptr(JsonNode) n3 = double_node (3);
  g_autoptr(JsonNode) i3 = int_node (3);
  g_autoptr(JsonNode) word = str_node ("unavailable");
  g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);

  g_assert_true (hb_condition_is_comparison (inc));
  g_assert_true (hb_condition_is_comparison (dec));

  g_assert_true (hb_condition_match_change (inc, s1, s2));
  g_assert_false (hb_condition_match_change (inc, s2, s1));
  g_assert_true (hb_condition_match_change (inc, s2, n3));
  g_assert_false (hb_condition_match_change (inc, n3, i3));
  g_assert_true (hb_condition_match_change (dec, s2, s1));
  g_assert_false (hb_condition_match_change (dec, s1, s2));
  g_assert_false (hb_condition_match_change (dec, n3, i3));

  /* anything that is not a number is FALSE, never an error */
  g_assert_false (hb_condition_match_change (inc, NULL, s1));
  g_assert_false (hb_condition_match_change (inc, s1, NULL));
  g_assert_false (hb_condition_match_change (inc, word, s1));
  g_assert_false (hb_condition_match_change (dec, s1, word));
  g_assert_false (hb_condition_match_change (inc, null, s1));

  assert_describe (inc, "increased");
  assert_describe (dec, "decreased");
}

static gboolean
is_even_length (JsonNode *value,
                gpointer  user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
         json_node_get_value_type (value) == G_TYPE_STRING &&
         strlen (json_node_get_string (value)) % 2 == 0;
}

static gboolean
jumped_by_ten (JsonNode *old_value,
               JsonNode *new_value,
               gpointer  user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return old_value != NULL && new_value != NULL &&
         json_node_get_int (new_value) - json_node_get_int (old_value) >= 10;
}

static void
count_destroy (gpointer data)
{
  guint *calls = data;

  *calls += 100;
}

static void
test_custom (void)
{
  guint calls = 0;
  guint cmp_calls = 0;
  HbCondition *cond;
  HbCondition *cmp;
  g_autoptr(JsonNode) one = int_node (1);
  g_autoptr(JsonNode) twenty = int_node (20);

  cond = hb_condition_new_func (is_even_length, &calls, count_destroy, "even length");
  g_assert_false (hb_condition_is_comparison (cond));
  g_assert_true (match_text (cond, "\"ab\""));
  g_assert_false (match_text (cond, "\"abc\""));
  g_assert_false (match_text (cond, NULL));
  g_assert_cmpuint (calls, ==, 3);
  assert_describe (cond, "even length");

  /* shared by reference: the destroy notify runs with the last unref */
  hb_condition_ref (cond);
  hb_condition_unref (cond);
  g_assert_cmpuint (calls, ==, 3);
  hb_condition_unref (cond);
  g_assert_cmpuint (calls, ==, 103);

  cmp = hb_condition_new_comparison_func (jumped_by_ten, &cmp_calls, count_destroy, NULL);
  g_assert_true (hb_condition_is_comparison (cmp));
  g_assert_true (hb_condition_match_change (cmp, one, twenty));
  g_assert_false (hb_condition_match_change (cmp, twenty, one));
  g_assert_cmpuint (cmp_calls, ==, 2);
  assert_describe (cmp, "custom comparison");
  hb_condition_unref (cmp);
  g_assert_cmpuint (cmp_calls, ==, 102);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/condition/glob-match", test_glob_match);
  g_test_add_func ("/hassbench/condition/glob-validate", test_glob_validate);
  g_test_add_func ("/hassbench/condition/equals", test_equals);
  g_test_add_func ("/hassbench/condition/string-conditions", test_string_conditions);
  g_test_add_func ("/hassbench/condition/presence", test_presence);
  g_test_add_func ("/hassbench/condition/collections", test_collections);
  g_test_add_func ("/hassbench/condition/compare", test_compare);
  g_test_add_func ("/hassbench/condition/compare-op-from-string", test_compare_op_from_string);
  g_test_add_func ("/hassbench/condition/increased-decreased", test_increased_decreased);
  g_test_add_func ("/hassbench/condition/custom", test_custom);

  return g_test_run ();
}
