/* hb-json.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-json.h"

#include <string.h>

#include "hb-error.h"
#include "hb-json-private.h"
#include "hb-json-text-private.h"

/* Parses @text into a root node. An empty text has no root in json-glib; that is an error
 * here, so callers never see a NULL node together with success. */
static JsonNode *
parse_text (const char  *text,
            const char  *name,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_assert (text != NULL);

  /* The strict checker first: one JSON grammar for the whole tool (no comments, single
   * quotes or trailing text), and malformed text never reaches json-glib 1.6, which leaks
   * on some of it. */
  {
    int line = 0, column = 0;
    g_autofree char *message = NULL;

    if (!_hb_json_text_check (text, strlen (text), &line, &column, &message))
      {
        if (name != NULL)
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON, "%s:%d:%d: %s",
                       name, line, column, message);
        else
          g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON, "Invalid JSON: <data>:%d:%d: %s",
                       line, column, message);
        return NULL;
      }
  }

  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      /* json-glib puts "<data>:line:column: " in front of the message; keep it, it is
       * the position the user needs. */
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                   "%s: Invalid JSON: %s", name ? name : "<data>", local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                   "%s:1:1: empty text, expected a value", name ? name : "Invalid JSON: <data>");
      return NULL;
    }

  return root;
}

JsonNode *
hb_json_from_string (const char  *text,
                     GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_text (text, NULL, error);
}

JsonNode *
hb_json_from_file (GFile   *file,
                   GError **error)
{
  g_autofree char *text = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_parse_name (file);
  if (!g_file_load_contents (file, NULL, &text, &length, NULL, error))
    return NULL;
  if (strlen (text) != length)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                   "%s: the file contains a NUL byte; JSON text cannot", name);
      return NULL;
    }
  return parse_text (text, name, error);
}

JsonObject *
hb_json_object_from_string (const char  *text,
                            GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = parse_text (text, NULL, error);
  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_JSON,
                   "Invalid JSON: expected an object, got %s",
                   json_node_type_name (node));
      return NULL;
    }

  return json_node_dup_object (node);
}

/**
 * hb_json_to_string:
 * @node: (nullable): a value; %NULL (missing) is written as `null`
 *
 * Returns: (transfer full): compact JSON text
 */
char *
hb_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  _hb_json_text_write (out, node, -1, -1);
  return g_string_free (out, FALSE);
}

/**
 * hb_json_object_to_string:
 * @object: (nullable): an object; %NULL is written as `null`
 *
 * Returns: (transfer full): compact JSON text
 */
char *
hb_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    return g_strdup ("null");
  node = json_node_init_object (json_node_alloc (), object);
  return hb_json_to_string (node);
}

static JsonNode *copy_node (JsonNode *node);

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  JsonObject *copy = json_object_new ();

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      json_object_set_member (copy, name, copy_node (json_object_get_member (object, name)));
    }

  return copy;
}

/* json_node_copy() shares objects and arrays between the copies; a change to one would
 * show in the other, so containers are rebuilt member by member. */
static JsonNode *
copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, copy_object (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        JsonArray *array_copy = json_array_sized_new (n);

        for (guint i = 0; i < n; i++)
          json_array_add_element (array_copy, copy_node (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array_copy);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      /* Plain values own their data; json_node_copy() duplicates it. */
      return json_node_copy (node);
    }
}

JsonObject *
hb_json_object_copy (JsonObject *object)
{
  if (object == NULL)
    return NULL;
  return copy_object (object);
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
numbers_equal (JsonNode *a,
               JsonNode *b)
{
  gboolean a_int = json_node_get_value_type (a) == G_TYPE_INT64;
  gboolean b_int = json_node_get_value_type (b) == G_TYPE_INT64;

  /* Two integers compare exactly: large ones lose precision as doubles. */
  if (a_int && b_int)
    return json_node_get_int (a) == json_node_get_int (b);
  return json_node_get_double (a) == json_node_get_double (b);
}

gboolean
hb_json_equal (JsonNode *a,
               JsonNode *b)
{
  JsonNodeType type;

  /* NULL is "missing", which differs from a null value. */
  if (a == NULL || b == NULL)
    return a == b;
  if (a == b)
    return TRUE;

  if (is_number (a) && is_number (b))
    return numbers_equal (a, b);

  type = json_node_get_node_type (a);
  if (type != json_node_get_node_type (b))
    return FALSE;

  switch (type)
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_OBJECT:
      return hb_json_object_equal (json_node_get_object (a), json_node_get_object (b));

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ba = json_node_get_array (b);
        guint n = json_array_get_length (aa);

        if (n != json_array_get_length (ba))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!hb_json_equal (json_array_get_element (aa, i), json_array_get_element (ba, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
      if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
        return !json_node_get_boolean (a) == !json_node_get_boolean (b);
      return FALSE;

    default:
      return FALSE;
    }
}

gboolean
hb_json_object_equal (JsonObject *a,
                      JsonObject *b)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *a_value;

  if (a == NULL || b == NULL)
    return a == b;
  if (a == b)
    return TRUE;
  if (json_object_get_size (a) != json_object_get_size (b))
    return FALSE;

  /* Same size and every member of @a equal in @b: member order does not matter. */
  json_object_iter_init (&iter, a);
  while (json_object_iter_next (&iter, &name, &a_value))
    {
      if (!hb_json_equal (a_value, json_object_get_member (b, name)))
        return FALSE;
    }

  return TRUE;
}

/**
 * hb_json_to_display:
 * @node: (nullable): a value
 *
 * Returns: (transfer full): strings as themselves, other values as JSON text, an empty
 *   string for a missing (%NULL) value
 */
char *
hb_json_to_display (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return hb_json_to_string (node);
}

JsonObject *
_hb_json_context_new (const char *context_id)
{
  JsonObject *context = json_object_new ();

  if (context_id != NULL)
    json_object_set_string_member (context, "id", context_id);
  else
    json_object_set_null_member (context, "id");
  json_object_set_null_member (context, "parent_id");
  json_object_set_null_member (context, "user_id");
  return context;
}

/* "a string", "an object", ...: a value's JSON type, for error messages. */
const char *
_hb_json_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return "a string";
        if (type == G_TYPE_BOOLEAN)
          return "a boolean";
        if (type == G_TYPE_DOUBLE || type == G_TYPE_FLOAT)
          return "a decimal number";
        return "an integer";
      }
    }
}
