/* hb-config-schema.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-config-schema.h"
#include "hb-config-schema-private.h"
#include "hb-error.h"
#include "hb-json.h"
#include "hb-state.h"

/*
 * Validation follows the reference's pydantic rules where a user relies on them (required
 * fields, defaults, type errors named by field, the "N validation error(s) — field 'x':
 * msg" text) and fixes its hazards: unknown keys are rejected instead of silently kept,
 * and the only coercion is integer -> double ("60" is never a number).
 *
 * Errors are collected in a fixed order (schema fields in declaration order, then unknown
 * keys in the order the config gives them) so the "first" error is deterministic.
 */

typedef struct
{
  char         *name;
  HbConfigType  type;
  JsonNode     *default_value;  /* NULL: required */
  char         *description;
  gboolean      is_log_level;   /* the built-in log_level: one of the level names */
} Field;

struct _HbConfigSchema
{
  gatomicrefcount  ref_count;
  GPtrArray       *fields;      /* Field*, declaration order */
  GHashTable      *by_name;     /* name -> Field* (borrowed) */
};

typedef struct
{
  char              *field;
  HbConfigErrorEnum  code;
  char              *message;
} Problem;

static const char * const log_levels[] = { "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", NULL };

G_DEFINE_BOXED_TYPE (HbConfigSchema, hb_config_schema, hb_config_schema_ref, hb_config_schema_unref)

static void
field_free (gpointer data)
{
  Field *field = data;

  g_free (field->name);
  g_clear_pointer (&field->default_value, json_node_unref);
  g_free (field->description);
  g_free (field);
}

static void
problem_free (gpointer data)
{
  Problem *problem = data;

  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

static void
add_problem (GPtrArray         *problems,
             const char        *field,
             HbConfigErrorEnum  code,
             const char        *message)
{
  Problem *problem = g_new0 (Problem, 1);

  problem->field = g_strdup (field);
  problem->code = code;
  problem->message = g_strdup (message);
  g_ptr_array_add (problems, problem);
}

static gboolean
node_is_integer (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/*
 * Checks @value against @field. Returns the value to store (transfer full), or NULL with
 * @code and @message set.
 */
static JsonNode *
check_value (const Field        *field,
             JsonNode           *value,
             HbConfigErrorEnum  *code,
             char              **message)
{
  switch (field->type)
    {
    case HB_CONFIG_STRING:
      if (!node_is_string (value))
        break;
      if (field->is_log_level &&
          !g_strv_contains (log_levels, json_node_get_string (value)))
        {
          *code = HB_CONFIG_ERROR_INVALID_VALUE;
          *message = g_strdup_printf ("Input should be 'DEBUG', 'INFO', 'WARNING', 'ERROR' or "
                                      "'CRITICAL', got '%s'", json_node_get_string (value));
          return NULL;
        }
      return _hb_config_schema_copy_node (value);

    case HB_CONFIG_ENTITY_ID:
      if (!node_is_string (value))
        break;
      if (!hb_entity_id_is_valid (json_node_get_string (value)))
        {
          *code = HB_CONFIG_ERROR_INVALID_VALUE;
          *message = g_strdup_printf ("Value error, '%s' is not a valid entity id "
                                      "(expected 'domain.object_id')",
                                      json_node_get_string (value));
          return NULL;
        }
      return _hb_config_schema_copy_node (value);

    case HB_CONFIG_INT:
      if (!node_is_integer (value))
        break;
      return _hb_config_schema_copy_node (value);

    case HB_CONFIG_DOUBLE:
      if (!node_is_number (value))
        break;
      /* The one coercion: an integer for a double field is stored as a double, so
       * hb_app_get_config_double() and JSON output agree on the type. */
      return json_node_init_double (json_node_alloc (), json_node_get_double (value));

    case HB_CONFIG_BOOLEAN:
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        break;
      return _hb_config_schema_copy_node (value);

    case HB_CONFIG_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (value))
        break;
      return _hb_config_schema_copy_node (value);

    case HB_CONFIG_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (value))
        break;
      return _hb_config_schema_copy_node (value);

    default:
      g_assert_not_reached ();
    }

  *code = HB_CONFIG_ERROR_WRONG_TYPE;
  switch (field->type)
    {
    case HB_CONFIG_STRING:
    case HB_CONFIG_ENTITY_ID:
      *message = g_strdup ("Input should be a valid string");
      break;
    case HB_CONFIG_INT:
      *message = g_strdup ("Input should be a valid integer");
      break;
    case HB_CONFIG_DOUBLE:
      *message = g_strdup ("Input should be a valid number");
      break;
    case HB_CONFIG_BOOLEAN:
      *message = g_strdup ("Input should be a valid boolean");
      break;
    case HB_CONFIG_OBJECT:
      *message = g_strdup ("Input should be a valid dictionary");
      break;
    case HB_CONFIG_ARRAY:
      *message = g_strdup ("Input should be a valid list");
      break;
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

JsonObject *
_hb_config_schema_copy_object (JsonObject *object)
{
  g_autoptr(GList) members = NULL;
  JsonObject *copy;

  g_assert (object != NULL);

  copy = json_object_new ();
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *member = json_object_get_member (object, l->data);

      json_object_set_member (copy, l->data, _hb_config_schema_copy_node (member));
    }

  return copy;
}

JsonNode *
_hb_config_schema_copy_node (JsonNode *node)
{
  JsonNode *copy;

  g_assert (node != NULL);

  copy = json_node_alloc ();
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      json_node_take_object (json_node_init (copy, JSON_NODE_OBJECT),
                             _hb_config_schema_copy_object (json_node_get_object (node)));
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *array_copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (array_copy,
                                  _hb_config_schema_copy_node (json_array_get_element (array, i)));
        json_node_take_array (json_node_init (copy, JSON_NODE_ARRAY), array_copy);
      }
      break;

    case JSON_NODE_NULL:
      json_node_init_null (copy);
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          json_node_init_int (copy, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          json_node_init_double (copy, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          json_node_init_boolean (copy, json_node_get_boolean (node));
          break;
        case G_TYPE_STRING:
          json_node_init_string (copy, json_node_get_string (node));
          break;
        default:
          g_assert_not_reached ();
        }
      break;

    default:
      g_assert_not_reached ();
    }

  return copy;
}

static void
add_field (HbConfigSchema *self,
           const char     *name,
           HbConfigType    type,
           JsonNode       *default_value,
           const char     *description,
           gboolean        is_log_level)
{
  Field *field = g_new0 (Field, 1);

  field->name = g_strdup (name);
  field->type = type;
  field->default_value = default_value;
  field->description = g_strdup (description);
  field->is_log_level = is_log_level;
  g_ptr_array_add (self->fields, field);
  g_hash_table_insert (self->by_name, field->name, field);
}

HbConfigSchema *
hb_config_schema_new (void)
{
  HbConfigSchema *self = g_new0 (HbConfigSchema, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->fields = g_ptr_array_new_with_free_func (field_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);

  add_field (self, "instance_name", HB_CONFIG_STRING,
             json_node_init_string (json_node_alloc (), ""),
             "Name of this app instance", FALSE);
  add_field (self, "log_level", HB_CONFIG_STRING,
             json_node_init_string (json_node_alloc (), "INFO"),
             "Log level: DEBUG, INFO, WARNING, ERROR or CRITICAL", TRUE);

  return self;
}

HbConfigSchema *
hb_config_schema_ref (HbConfigSchema *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hb_config_schema_unref (HbConfigSchema *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->by_name);
      g_ptr_array_unref (self->fields);
      g_free (self);
    }
}

void
hb_config_schema_add (HbConfigSchema *self,
                      const char     *name,
                      HbConfigType    type,
                      const char     *default_json,
                      const char     *description)
{
  g_autoptr(JsonNode) default_value = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0');
  g_return_if_fail (type >= HB_CONFIG_STRING && type <= HB_CONFIG_ARRAY);

  if (g_hash_table_contains (self->by_name, name))
    {
      g_critical ("Config schema already has a field named '%s'", name);
      return;
    }

  if (default_json != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) parsed = hb_json_from_string (default_json, &error);
      g_autofree char *message = NULL;
      HbConfigErrorEnum code;
      Field probe = { (char *) name, type, NULL, NULL, FALSE };

      if (parsed == NULL)
        {
          g_critical ("Config field '%s': default %s is not JSON: %s",
                      name, default_json, error->message);
          return;
        }
      default_value = check_value (&probe, parsed, &code, &message);
      if (default_value == NULL)
        {
          g_critical ("Config field '%s': default %s does not fit type %s: %s",
                      name, default_json, hb_config_type_to_string (type), message);
          return;
        }
    }

  add_field (self, name, type, g_steal_pointer (&default_value), description, FALSE);
}

guint
hb_config_schema_get_n_fields (HbConfigSchema *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fields->len;
}

static const Field *
get_field (HbConfigSchema *self,
           guint           index)
{
  g_assert (self != NULL);
  g_assert (index < self->fields->len);

  return g_ptr_array_index (self->fields, index);
}

const char *
hb_config_schema_get_field_name (HbConfigSchema *self,
                                 guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);

  return get_field (self, index)->name;
}

HbConfigType
hb_config_schema_get_field_type (HbConfigSchema *self,
                                 guint           index)
{
  g_return_val_if_fail (self != NULL, HB_CONFIG_STRING);
  g_return_val_if_fail (index < self->fields->len, HB_CONFIG_STRING);

  return get_field (self, index)->type;
}

JsonNode *
hb_config_schema_get_field_default (HbConfigSchema *self,
                                    guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);

  return get_field (self, index)->default_value;
}

const char *
hb_config_schema_get_field_description (HbConfigSchema *self,
                                        guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);

  return get_field (self, index)->description;
}

const char *
hb_config_type_to_string (HbConfigType type)
{
  switch (type)
    {
    case HB_CONFIG_STRING:
      return "string";
    case HB_CONFIG_INT:
      return "int";
    case HB_CONFIG_DOUBLE:
      return "double";
    case HB_CONFIG_BOOLEAN:
      return "boolean";
    case HB_CONFIG_ENTITY_ID:
      return "entity_id";
    case HB_CONFIG_OBJECT:
      return "object";
    case HB_CONFIG_ARRAY:
      return "array";
    default:
      return "invalid";
    }
}

JsonObject *
hb_config_schema_validate (HbConfigSchema  *self,
                           JsonObject      *config,
                           GError         **error)
{
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = json_object_new ();
  problems = g_ptr_array_new_with_free_func (problem_free);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *given = config != NULL ? json_object_get_member (config, field->name) : NULL;
      g_autofree char *message = NULL;
      HbConfigErrorEnum code;
      JsonNode *value;

      if (given == NULL)
        {
          if (field->default_value == NULL)
            add_problem (problems, field->name, HB_CONFIG_ERROR_MISSING_FIELD, "Field required");
          else
            json_object_set_member (result, field->name,
                                    _hb_config_schema_copy_node (field->default_value));
          continue;
        }

      value = check_value (field, given, &code, &message);
      if (value == NULL)
        add_problem (problems, field->name, code, message);
      else
        json_object_set_member (result, field->name, value);
    }

  if (config != NULL)
    {
      /* json-glib lists members in insertion order, so this order is the config's own. */
      g_autoptr(GList) members = json_object_get_members (config);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          if (!g_hash_table_contains (self->by_name, l->data))
            add_problem (problems, l->data, HB_CONFIG_ERROR_UNKNOWN_FIELD,
                         "Extra inputs are not permitted");
        }
    }

  if (problems->len > 0)
    {
      const Problem *first = g_ptr_array_index (problems, 0);

      g_set_error (error, HB_CONFIG_ERROR, first->code,
                   "%u validation error%s — field '%s': %s",
                   problems->len, problems->len == 1 ? "" : "s",
                   first->field, first->message);
      return NULL;
    }

  return g_steal_pointer (&result);
}

JsonArray *
hb_config_schema_to_json (HbConfigSchema *self)
{
  JsonArray *array;

  g_return_val_if_fail (self != NULL, NULL);

  array = json_array_new ();
  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = g_ptr_array_index (self->fields, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", field->name);
      json_object_set_string_member (object, "type", hb_config_type_to_string (field->type));
      if (field->default_value != NULL)
        json_object_set_member (object, "default",
                                _hb_config_schema_copy_node (field->default_value));
      else
        json_object_set_null_member (object, "default");
      json_object_set_boolean_member (object, "required", field->default_value == NULL);
      if (field->description != NULL)
        json_object_set_string_member (object, "description", field->description);
      else
        json_object_set_null_member (object, "description");
      json_array_add_object_element (array, object);
    }

  return array;
}
