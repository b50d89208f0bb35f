/* hb-condition.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "hb-condition.h"
#include "hb-condition-private.h"
#include "hb-error.h"
#include "hb-json.h"

typedef enum {
  COND_EQUALS,
  COND_GLOB,
  COND_STARTS_WITH,
  COND_ENDS_WITH,
  COND_CONTAINS,
  COND_REGEX,
  COND_PRESENT,
  COND_MISSING,
  COND_IS_NONE,
  COND_IS_NOT_NONE,
  COND_IS_IN,
  COND_NOT_IN,
  COND_INTERSECTS,
  COND_NOT_INTERSECTS,
  COND_IS_OR_CONTAINS,
  COND_COMPARE,
  COND_FUNC,
  /* two-value conditions from here on */
  COND_INCREASED,
  COND_DECREASED,
  COND_COMPARISON_FUNC,
} CondKind;

struct _HbCondition
{
  gatomicrefcount  ref_count;
  CondKind         kind;
  HbCompareOp      op;
  char            *text;
  JsonNode        *value;
  JsonArray       *values;
  GRegex          *regex;
  gpointer         func;
  gpointer         user_data;
  GDestroyNotify   destroy;
  char            *description;
};

G_DEFINE_BOXED_TYPE (HbCondition, hb_condition, hb_condition_ref, hb_condition_unref)

static HbCondition *
condition_new (CondKind kind)
{
  HbCondition *self = g_new0 (HbCondition, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;

  return self;
}

HbCondition *
hb_condition_ref (HbCondition *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hb_condition_unref (HbCondition *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->value, json_node_unref);
  g_clear_pointer (&self->values, json_array_unref);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->description, g_free);
  g_free (self);
}

/* Conditions are shared and immutable, so they keep their own deep copy of arrays. */
static JsonArray *
array_copy (JsonArray *array)
{
  guint n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, json_node_copy (json_array_get_element (array, i)));

  return copy;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL &&
         JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Numbers and booleans (a Python bool is an int, and the reference compares them as such). */
static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE || type == G_TYPE_BOOLEAN;
}

static gboolean
parse_double (const char *text,
              double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;
  double d;

  if (*copy == '\0')
    return FALSE;

  d = g_ascii_strtod (copy, &end);
  if (end == NULL || *end != '\0')
    return FALSE;

  *out = d;
  return TRUE;
}

/* Python's float(): numbers, booleans and numeric strings; anything else fails. */
static gboolean
node_to_double (JsonNode *node,
                double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_BOOLEAN)
    *out = json_node_get_boolean (node) ? 1.0 : 0.0;
  else if (type == G_TYPE_STRING)
    return parse_double (json_node_get_string (node), out);
  else
    return FALSE;

  return TRUE;
}

static gboolean
array_contains (JsonArray *array,
                JsonNode  *value)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      if (hb_json_equal (json_array_get_element (array, i), value))
        return TRUE;
    }

  return FALSE;
}

static gboolean
array_intersects (JsonArray *values,
                  JsonNode  *value)
{
  JsonArray *array;
  guint n;

  g_assert (value != NULL && JSON_NODE_HOLDS_ARRAY (value));

  array = json_node_get_array (value);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      if (array_contains (values, json_array_get_element (array, i)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
apply_op (HbCompareOp op,
          int         cmp)
{
  switch (op)
    {
    case HB_COMPARE_EQ: return cmp == 0;
    case HB_COMPARE_NE: return cmp != 0;
    case HB_COMPARE_LT: return cmp < 0;
    case HB_COMPARE_LE: return cmp <= 0;
    case HB_COMPARE_GT: return cmp > 0;
    case HB_COMPARE_GE: return cmp >= 0;
    default: g_assert_not_reached ();
    }
  return FALSE;
}

static gboolean
compare_doubles (HbCompareOp op,
                 double      a,
                 double      b)
{
  /* NaN is unordered: every comparison but != is false, as in Python. */
  if (isnan (a) || isnan (b))
    return op == HB_COMPARE_NE;

  return apply_op (op, a < b ? -1 : (a > b ? 1 : 0));
}

static gboolean
compare_values (HbCompareOp  op,
                JsonNode    *value,
                JsonNode    *reference)
{
  /* MISSING equals nothing; ordering it is a type error (FALSE) */
  if (value == NULL)
    return op == HB_COMPARE_NE;

  if (node_is_number (reference) && node_is_string (value))
    {
      double a, b;

      if (!parse_double (json_node_get_string (value), &a) || !node_to_double (reference, &b))
        return FALSE;
      return compare_doubles (op, a, b);
    }

  if (node_is_number (reference) && node_is_number (value))
    {
      if (json_node_get_value_type (value) == G_TYPE_INT64 &&
          json_node_get_value_type (reference) == G_TYPE_INT64)
        {
          gint64 a = json_node_get_int (value);
          gint64 b = json_node_get_int (reference);

          return apply_op (op, a < b ? -1 : (a > b ? 1 : 0));
        }
      else
        {
          double a = 0, b = 0;

          node_to_double (value, &a);
          node_to_double (reference, &b);
          return compare_doubles (op, a, b);
        }
    }

  if (op == HB_COMPARE_EQ)
    return hb_json_equal (value, reference);
  if (op == HB_COMPARE_NE)
    return !hb_json_equal (value, reference);

  if (node_is_string (value) && node_is_string (reference))
    return apply_op (op, strcmp (json_node_get_string (value), json_node_get_string (reference)));

  /* Ordering anything else (null, arrays, objects, mixed types) is a type error. */
  return FALSE;
}

HbCondition *
hb_condition_equals (JsonNode *value)
{
  HbCondition *self;

  g_return_val_if_fail (value != NULL, NULL);

  self = condition_new (COND_EQUALS);
  self->value = json_node_copy (value);
  return self;
}

HbCondition *
hb_condition_equals_string (const char *value)
{
  HbCondition *self;

  g_return_val_if_fail (value != NULL, NULL);

  self = condition_new (COND_EQUALS);
  self->value = json_node_init_string (json_node_alloc (), value);
  return self;
}

HbCondition *
hb_condition_glob (const char  *pattern,
                   GError     **error)
{
  HbCondition *self;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!hb_glob_validate (pattern, error))
    return NULL;

  self = condition_new (COND_GLOB);
  self->text = g_strdup (pattern);
  return self;
}

static HbCondition *
text_condition_new (CondKind    kind,
                    const char *text)
{
  HbCondition *self = condition_new (kind);

  self->text = g_strdup (text);
  return self;
}

HbCondition *
hb_condition_starts_with (const char *prefix)
{
  g_return_val_if_fail (prefix != NULL, NULL);
  return text_condition_new (COND_STARTS_WITH, prefix);
}

HbCondition *
hb_condition_ends_with (const char *suffix)
{
  g_return_val_if_fail (suffix != NULL, NULL);
  return text_condition_new (COND_ENDS_WITH, suffix);
}

HbCondition *
hb_condition_contains (const char *needle)
{
  g_return_val_if_fail (needle != NULL, NULL);
  return text_condition_new (COND_CONTAINS, needle);
}

HbCondition *
hb_condition_regex (const char  *pattern,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GRegex) regex = NULL;
  HbCondition *self;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  regex = g_regex_new (pattern, G_REGEX_OPTIMIZE, 0, &local_error);
  if (regex == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid regular expression '%s': %s", pattern, local_error->message);
      return NULL;
    }

  self = text_condition_new (COND_REGEX, pattern);
  self->regex = g_steal_pointer (&regex);
  return self;
}

HbCondition *
hb_condition_present (void)
{
  return condition_new (COND_PRESENT);
}

HbCondition *
hb_condition_missing (void)
{
  return condition_new (COND_MISSING);
}

HbCondition *
hb_condition_is_none (void)
{
  return condition_new (COND_IS_NONE);
}

HbCondition *
hb_condition_is_not_none (void)
{
  return condition_new (COND_IS_NOT_NONE);
}

static HbCondition *
array_condition_new (CondKind   kind,
                     JsonArray *values)
{
  HbCondition *self = condition_new (kind);

  self->values = array_copy (values);
  return self;
}

HbCondition *
hb_condition_is_in (JsonArray *values)
{
  g_return_val_if_fail (values != NULL, NULL);
  return array_condition_new (COND_IS_IN, values);
}

HbCondition *
hb_condition_not_in (JsonArray *values)
{
  g_return_val_if_fail (values != NULL, NULL);
  return array_condition_new (COND_NOT_IN, values);
}

HbCondition *
hb_condition_intersects (JsonArray *values)
{
  g_return_val_if_fail (values != NULL, NULL);
  return array_condition_new (COND_INTERSECTS, values);
}

HbCondition *
hb_condition_not_intersects (JsonArray *values)
{
  g_return_val_if_fail (values != NULL, NULL);
  return array_condition_new (COND_NOT_INTERSECTS, values);
}

HbCondition *
hb_condition_is_or_contains (JsonNode *value)
{
  HbCondition *self;

  g_return_val_if_fail (value != NULL, NULL);

  self = condition_new (COND_IS_OR_CONTAINS);
  self->value = json_node_copy (value);
  return self;
}

HbCondition *
hb_condition_compare (HbCompareOp  op,
                      JsonNode    *value)
{
  HbCondition *self;

  g_return_val_if_fail (op >= HB_COMPARE_EQ && op <= HB_COMPARE_GE, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  self = condition_new (COND_COMPARE);
  self->op = op;
  self->value = json_node_copy (value);
  return self;
}

HbCondition *
hb_condition_compare_number (HbCompareOp op,
                             double      value)
{
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);

  return hb_condition_compare (op, node);
}

static const struct {
  const char  *symbol;
  const char  *word;
  HbCompareOp  op;
} compare_ops[] = {
  { "==", "eq", HB_COMPARE_EQ },
  { "!=", "ne", HB_COMPARE_NE },
  { "<",  "lt", HB_COMPARE_LT },
  { "<=", "le", HB_COMPARE_LE },
  { ">",  "gt", HB_COMPARE_GT },
  { ">=", "ge", HB_COMPARE_GE },
};

static const char *
compare_op_symbol (HbCompareOp op)
{
  for (guint i = 0; i < G_N_ELEMENTS (compare_ops); i++)
    {
      if (compare_ops[i].op == op)
        return compare_ops[i].symbol;
    }
  return "?";
}

gboolean
hb_compare_op_from_string (const char   *op,
                           HbCompareOp  *out,
                           GError      **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; op != NULL && i < G_N_ELEMENTS (compare_ops); i++)
    {
      if (g_str_equal (op, compare_ops[i].symbol) || g_str_equal (op, compare_ops[i].word))
        {
          if (out != NULL)
            *out = compare_ops[i].op;
          return TRUE;
        }
    }

  g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
               "Invalid comparison operator '%s'; allowed operators are "
               "> < >= <= == != gt lt ge le eq ne",
               op != NULL ? op : "(null)");
  return FALSE;
}

HbCondition *
hb_condition_new_func (HbConditionFunc  func,
                       gpointer         user_data,
                       GDestroyNotify   destroy,
                       const char      *description)
{
  HbCondition *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = condition_new (COND_FUNC);
  self->func = (gpointer) func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->description = g_strdup (description);
  return self;
}

HbCondition *
hb_condition_increased (void)
{
  return condition_new (COND_INCREASED);
}

HbCondition *
hb_condition_decreased (void)
{
  return condition_new (COND_DECREASED);
}

HbCondition *
hb_condition_new_comparison_func (HbComparisonFunc  func,
                                  gpointer          user_data,
                                  GDestroyNotify    destroy,
                                  const char       *description)
{
  HbCondition *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = condition_new (COND_COMPARISON_FUNC);
  self->func = (gpointer) func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->description = g_strdup (description);
  return self;
}

gboolean
hb_condition_is_comparison (HbCondition *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kind >= COND_INCREASED;
}

gboolean
hb_condition_match (HbCondition *self,
                    JsonNode    *value)
{
  const char *str;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!hb_condition_is_comparison (self), FALSE);

  str = node_is_string (value) ? json_node_get_string (value) : NULL;

  switch (self->kind)
    {
    case COND_EQUALS:
      return value != NULL && hb_json_equal (value, self->value);

    case COND_GLOB:
      return str != NULL && hb_glob_match (self->text, str);

    case COND_STARTS_WITH:
      return str != NULL && g_str_has_prefix (str, self->text);

    case COND_ENDS_WITH:
      return str != NULL && g_str_has_suffix (str, self->text);

    case COND_CONTAINS:
      return str != NULL && strstr (str, self->text) != NULL;

    case COND_REGEX:
      /* Python's re.match: anchored at the start, not at the end. */
      return str != NULL && g_regex_match (self->regex, str, G_REGEX_MATCH_ANCHORED, NULL);

    case COND_PRESENT:
      return value != NULL;

    case COND_MISSING:
      return value == NULL;

    case COND_IS_NONE:
      return value != NULL && JSON_NODE_HOLDS_NULL (value);

    case COND_IS_NOT_NONE:
      /* MISSING is not None, as in the reference */
      return value == NULL || !JSON_NODE_HOLDS_NULL (value);

    case COND_IS_IN:
      return value != NULL && array_contains (self->values, value);

    case COND_NOT_IN:
      return value == NULL || !array_contains (self->values, value);

    case COND_INTERSECTS:
      /* Only arrays are collections here; the reference also iterates the characters of
       * a string, which no one means. */
      return value != NULL && JSON_NODE_HOLDS_ARRAY (value) &&
             array_intersects (self->values, value);

    case COND_NOT_INTERSECTS:
      return value == NULL || !JSON_NODE_HOLDS_ARRAY (value) ||
             !array_intersects (self->values, value);

    case COND_IS_OR_CONTAINS:
      if (value == NULL)
        return FALSE;
      if (JSON_NODE_HOLDS_ARRAY (value))
        return array_contains (json_node_get_array (value), self->value);
      return hb_json_equal (value, self->value);

    case COND_COMPARE:
      return compare_values (self->op, value, self->value);

    case COND_FUNC:
      return ((HbConditionFunc) self->func) (value, self->user_data);

    case COND_INCREASED:
    case COND_DECREASED:
    case COND_COMPARISON_FUNC:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

gboolean
hb_condition_match_change (HbCondition *self,
                           JsonNode    *old_value,
                           JsonNode    *new_value)
{
  double old_d, new_d;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hb_condition_is_comparison (self), FALSE);

  switch (self->kind)
    {
    case COND_INCREASED:
      return node_to_double (old_value, &old_d) && node_to_double (new_value, &new_d) &&
             new_d > old_d;

    case COND_DECREASED:
      return node_to_double (old_value, &old_d) && node_to_double (new_value, &new_d) &&
             new_d < old_d;

    case COND_COMPARISON_FUNC:
      return ((HbComparisonFunc) self->func) (old_value, new_value, self->user_data);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

char *
_hb_value_describe (JsonNode *value)
{
  if (value == NULL)
    return g_strdup ("MISSING");
  if (node_is_string (value))
    return g_strdup_printf ("'%s'", json_node_get_string (value));
  return hb_json_to_string (value);
}

static char *
array_describe (JsonArray *array)
{
  GString *str = g_string_new ("[");
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *item = _hb_value_describe (json_array_get_element (array, i));

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, item);
    }
  g_string_append_c (str, ']');

  return g_string_free (str, FALSE);
}

char *
hb_condition_describe (HbCondition *self)
{
  g_autofree char *value = NULL;
  g_autofree char *values = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->value != NULL)
    value = _hb_value_describe (self->value);
  if (self->values != NULL)
    values = array_describe (self->values);

  switch (self->kind)
    {
    case COND_EQUALS:          return g_strdup_printf ("== %s", value);
    case COND_GLOB:            return g_strdup_printf ("glob '%s'", self->text);
    case COND_STARTS_WITH:     return g_strdup_printf ("starts_with '%s'", self->text);
    case COND_ENDS_WITH:       return g_strdup_printf ("ends_with '%s'", self->text);
    case COND_CONTAINS:        return g_strdup_printf ("contains '%s'", self->text);
    case COND_REGEX:           return g_strdup_printf ("regex '%s'", self->text);
    case COND_PRESENT:         return g_strdup ("present");
    case COND_MISSING:         return g_strdup ("missing");
    case COND_IS_NONE:         return g_strdup ("is_none");
    case COND_IS_NOT_NONE:     return g_strdup ("is_not_none");
    case COND_IS_IN:           return g_strdup_printf ("in %s", values);
    case COND_NOT_IN:          return g_strdup_printf ("not in %s", values);
    case COND_INTERSECTS:      return g_strdup_printf ("intersects %s", values);
    case COND_NOT_INTERSECTS:  return g_strdup_printf ("not intersects %s", values);
    case COND_IS_OR_CONTAINS:  return g_strdup_printf ("is_or_contains %s", value);
    case COND_COMPARE:
      return g_strdup_printf ("%s %s", compare_op_symbol (self->op), value);
    case COND_FUNC:
      return g_strdup (self->description != NULL ? self->description : "custom condition");
    case COND_INCREASED:       return g_strdup ("increased");
    case COND_DECREASED:       return g_strdup ("decreased");
    case COND_COMPARISON_FUNC:
      return g_strdup (self->description != NULL ? self->description : "custom comparison");
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static gboolean
arrays_equal (JsonArray *a,
              JsonArray *b)
{
  guint n;

  if (a == NULL || b == NULL)
    return a == b;

  n = json_array_get_length (a);
  if (n != json_array_get_length (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (!hb_json_equal (json_array_get_element (a, i), json_array_get_element (b, i)))
        return FALSE;
    }

  return TRUE;
}

gboolean
_hb_condition_equal (HbCondition *a,
                     HbCondition *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->kind == b->kind &&
         a->op == b->op &&
         g_strcmp0 (a->text, b->text) == 0 &&
         (a->value == NULL ? b->value == NULL
                           : (b->value != NULL && hb_json_equal (a->value, b->value))) &&
         arrays_equal (a->values, b->values) &&
         a->func == b->func &&
         a->user_data == b->user_data;
}

/*
 * Globs: fnmatch without flags, as Python's fnmatch.fnmatchcase. '*' matches any run of
 * characters (dots included), '?' one character, "[...]" a set ("[!...]" its complement,
 * ']' first is a member, "a-z" ranges, '-' first or last is literal). There is no escape
 * character. Unlike Python, an unclosed '[' is an error (hb_glob_validate) instead of a
 * silent literal, because it is nearly always a typo.
 *
 * Matching works on Unicode characters, is iterative and backtracks only to the last '*',
 * so it is O(pattern x text) at worst, never exponential.
 */

/* @p points just after '['. Returns FALSE when the set is not closed. */
static gboolean
glob_match_set (const char  *p,
                gunichar     c,
                const char **end,
                gboolean    *matched)
{
  gboolean negate = FALSE;
  gboolean found = FALSE;
  gboolean first = TRUE;

  if (*p == '!')
    {
      negate = TRUE;
      p++;
    }

  for (;;)
    {
      gunichar lo;

      if (*p == '\0')
        return FALSE;

      if (*p == ']' && !first)
        {
          p++;
          break;
        }
      first = FALSE;

      lo = g_utf8_get_char (p);
      p = g_utf8_next_char (p);

      if (p[0] == '-' && p[1] != ']' && p[1] != '\0')
        {
          gunichar hi;

          p++;
          hi = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
          if (lo <= c && c <= hi)
            found = TRUE;
        }
      else if (lo == c)
        {
          found = TRUE;
        }
    }

  *end = p;
  *matched = (found != negate);
  return TRUE;
}

gboolean
hb_glob_validate (const char  *pattern,
                  GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (pattern == NULL || *pattern == '\0')
    {
      g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_GLOB,
                           "Invalid glob: the pattern is empty");
      return FALSE;
    }

  if (!g_utf8_validate (pattern, -1, NULL))
    {
      g_set_error_literal (error, HB_ERROR, HB_ERROR_INVALID_GLOB,
                           "Invalid glob: the pattern is not valid UTF-8");
      return FALSE;
    }

  for (const char *p = pattern; *p != '\0';)
    {
      if (*p == '[')
        {
          const char *end;
          gboolean matched;

          if (!glob_match_set (p + 1, 0, &end, &matched))
            {
              g_set_error (error, HB_ERROR, HB_ERROR_INVALID_GLOB,
                           "Invalid glob '%s': the '[' at position %d is never closed by ']'",
                           pattern, (int) g_utf8_pointer_to_offset (pattern, p));
              return FALSE;
            }
          p = end;
        }
      else
        {
          p = g_utf8_next_char (p);
        }
    }

  return TRUE;
}

gboolean
hb_glob_match (const char *pattern,
               const char *text)
{
  const char *p = pattern;
  const char *t = text;
  const char *star_p = NULL;
  const char *star_t = NULL;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  /* The walk below trusts UTF-8 lengths; never let a bad string run past its end. */
  if (!g_utf8_validate (text, -1, NULL) || !g_utf8_validate (pattern, -1, NULL))
    return FALSE;

  while (*t != '\0')
    {
      if (*p == '*')
        {
          while (*p == '*')
            p++;
          if (*p == '\0')
            return TRUE;
          star_p = p;
          star_t = t;
          continue;
        }

      if (*p != '\0')
        {
          gunichar c = g_utf8_get_char (t);
          const char *next_p;
          gboolean ok;

          if (*p == '?')
            {
              ok = TRUE;
              next_p = p + 1;
            }
          else if (*p == '[')
            {
              if (!glob_match_set (p + 1, c, &next_p, &ok))
                {
                  /* unvalidated pattern: an unclosed '[' is a literal, as in Python */
                  ok = (c == '[');
                  next_p = p + 1;
                }
            }
          else
            {
              ok = (g_utf8_get_char (p) == c);
              next_p = g_utf8_next_char (p);
            }

          if (ok)
            {
              p = next_p;
              t = g_utf8_next_char (t);
              continue;
            }
        }

      if (star_p == NULL)
        return FALSE;

      /* let the last '*' swallow one more character and retry from there */
      star_t = g_utf8_next_char (star_t);
      t = star_t;
      p = star_p;
    }

  while (*p == '*')
    p++;

  return *p == '\0';
}

gboolean
hb_glob_is_pattern (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return strpbrk (text, "*?[") != NULL;
}
