/* hb-predicate.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-predicate.h"
#include "hb-predicate-private.h"
#include "hb-condition-private.h"
#include "hb-error.h"
#include "hb-json.h"

typedef enum {
  PRED_ALL_OF,
  PRED_ANY_OF,
  PRED_NOT,
  PRED_FUNC,
  PRED_VALUE_IS,
  PRED_CHANGE,
  PRED_ENTITY,
  PRED_DOMAIN,
  PRED_SERVICE,
} PredKind;

/* How a predicate names itself in describe(); the evaluation does not depend on it. */
typedef enum {
  LABEL_PLAIN,
  LABEL_STATE_FROM,
  LABEL_STATE_TO,
  LABEL_ATTR_FROM,
  LABEL_ATTR_TO,
  LABEL_PRESENT,
  LABEL_MISSING,
  LABEL_SERVICE_DATA_WHERE,
} PredLabel;

struct _HbPredicate
{
  gatomicrefcount  ref_count;
  PredKind         kind;
  PredLabel        label;
  GPtrArray       *children;
  /* VALUE_IS: the source read; CHANGE: the "new" source (STATE_NEW or ATTR_NEW) */
  HbValueSource    source;
  char            *attr;
  HbCondition     *condition;
  char            *pattern;
  gboolean         is_glob;
  HbPredicateFunc  func;
  gpointer         user_data;
  GDestroyNotify   destroy;
  char            *description;
};

G_DEFINE_BOXED_TYPE (HbPredicate, hb_predicate, hb_predicate_ref, hb_predicate_unref)

static HbPredicate *
predicate_new (PredKind kind)
{
  HbPredicate *self = g_new0 (HbPredicate, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;

  return self;
}

HbPredicate *
hb_predicate_ref (HbPredicate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hb_predicate_unref (HbPredicate *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->attr, g_free);
  g_clear_pointer (&self->condition, hb_condition_unref);
  g_clear_pointer (&self->pattern, g_free);
  g_clear_pointer (&self->description, g_free);
  g_free (self);
}

static HbPredicate *
compound_new_valist (PredKind     kind,
                     HbPredicate *first,
                     va_list      args)
{
  HbPredicate *self = predicate_new (kind);

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) hb_predicate_unref);
  for (HbPredicate *p = first; p != NULL; p = va_arg (args, HbPredicate *))
    g_ptr_array_add (self->children, p);

  return self;
}

HbPredicate *
hb_predicate_all_of (HbPredicate *first,
                     ...)
{
  HbPredicate *self;
  va_list args;

  va_start (args, first);
  self = compound_new_valist (PRED_ALL_OF, first, args);
  va_end (args);

  return self;
}

HbPredicate *
hb_predicate_any_of (HbPredicate *first,
                     ...)
{
  HbPredicate *self;
  va_list args;

  va_start (args, first);
  self = compound_new_valist (PRED_ANY_OF, first, args);
  va_end (args);

  return self;
}

HbPredicate *
hb_predicate_not (HbPredicate *predicate)
{
  HbPredicate *self;

  g_return_val_if_fail (predicate != NULL, NULL);

  self = predicate_new (PRED_NOT);
  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) hb_predicate_unref);
  g_ptr_array_add (self->children, predicate);

  return self;
}

HbPredicate *
hb_predicate_new_func (HbPredicateFunc  func,
                       gpointer         user_data,
                       GDestroyNotify   destroy,
                       const char      *description)
{
  HbPredicate *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = predicate_new (PRED_FUNC);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->description = g_strdup (description);

  return self;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static JsonNode *
read_path (JsonObject *object,
           const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node;

  /* a member whose own name has dots wins over the walk */
  node = json_object_get_member (object, path);
  if (node != NULL || strchr (path, '.') == NULL)
    return node;

  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL)
        return NULL;
      node = json_object_get_member (object, parts[i]);
      if (node == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }

  return node;
}

JsonNode *
hb_event_read_value (HbEvent       *event,
                     HbValueSource  source,
                     const char    *attr)
{
  JsonObject *data;
  JsonObject *state;

  g_return_val_if_fail (HB_IS_EVENT (event), NULL);
  g_return_val_if_fail (source == HB_VALUE_STATE_NEW || source == HB_VALUE_STATE_OLD ||
                        attr != NULL, NULL);

  data = hb_event_get_data (event);

  switch (source)
    {
    case HB_VALUE_STATE_NEW:
    case HB_VALUE_STATE_OLD:
      state = member_object (data, source == HB_VALUE_STATE_NEW ? "new_state" : "old_state");
      return state != NULL ? json_object_get_member (state, "state") : NULL;

    case HB_VALUE_ATTR_NEW:
    case HB_VALUE_ATTR_OLD:
      state = member_object (data, source == HB_VALUE_ATTR_NEW ? "new_state" : "old_state");
      state = member_object (state, "attributes");
      return state != NULL ? json_object_get_member (state, attr) : NULL;

    case HB_VALUE_SERVICE_DATA:
      state = member_object (data, "service_data");
      return state != NULL ? json_object_get_member (state, attr) : NULL;

    case HB_VALUE_DATA:
      return read_path (data, attr);

    default:
      g_return_val_if_reached (NULL);
    }
}

static HbPredicate *
value_is_new (PredLabel      label,
              HbValueSource  source,
              const char    *attr,
              HbCondition   *condition)
{
  HbPredicate *self = predicate_new (PRED_VALUE_IS);

  self->label = label;
  self->source = source;
  self->attr = g_strdup (attr);
  self->condition = condition;

  return self;
}

HbPredicate *
hb_predicate_value_is (HbValueSource  source,
                       const char    *attr,
                       HbCondition   *condition)
{
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (!hb_condition_is_comparison (condition), NULL);
  g_return_val_if_fail (source == HB_VALUE_STATE_NEW || source == HB_VALUE_STATE_OLD ||
                        attr != NULL, NULL);

  return value_is_new (LABEL_PLAIN, source, attr, condition);
}

static HbPredicate *
change_new (HbValueSource  new_source,
            const char    *attr,
            HbCondition   *comparison)
{
  HbPredicate *self = predicate_new (PRED_CHANGE);

  self->source = new_source;
  self->attr = g_strdup (attr);
  self->condition = comparison;

  return self;
}

HbPredicate *
hb_predicate_state_did_change (void)
{
  return change_new (HB_VALUE_STATE_NEW, NULL, NULL);
}

HbPredicate *
hb_predicate_attr_did_change (const char *attr)
{
  g_return_val_if_fail (attr != NULL, NULL);

  return change_new (HB_VALUE_ATTR_NEW, attr, NULL);
}

HbPredicate *
hb_predicate_is_present (HbValueSource  source,
                         const char    *attr)
{
  g_return_val_if_fail (source == HB_VALUE_STATE_NEW || source == HB_VALUE_STATE_OLD ||
                        attr != NULL, NULL);

  return value_is_new (LABEL_PRESENT, source, attr, hb_condition_present ());
}

HbPredicate *
hb_predicate_is_missing (HbValueSource  source,
                         const char    *attr)
{
  g_return_val_if_fail (source == HB_VALUE_STATE_NEW || source == HB_VALUE_STATE_OLD ||
                        attr != NULL, NULL);

  return value_is_new (LABEL_MISSING, source, attr, hb_condition_missing ());
}

HbPredicate *
hb_predicate_state_from (HbCondition *condition)
{
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (!hb_condition_is_comparison (condition), NULL);

  return value_is_new (LABEL_STATE_FROM, HB_VALUE_STATE_OLD, NULL, condition);
}

HbPredicate *
hb_predicate_state_to (HbCondition *condition)
{
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (!hb_condition_is_comparison (condition), NULL);

  return value_is_new (LABEL_STATE_TO, HB_VALUE_STATE_NEW, NULL, condition);
}

HbPredicate *
hb_predicate_state_comparison (HbCondition *comparison)
{
  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (hb_condition_is_comparison (comparison), NULL);

  return change_new (HB_VALUE_STATE_NEW, NULL, comparison);
}

HbPredicate *
hb_predicate_attr_from (const char  *attr,
                        HbCondition *condition)
{
  g_return_val_if_fail (attr != NULL, NULL);
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (!hb_condition_is_comparison (condition), NULL);

  return value_is_new (LABEL_ATTR_FROM, HB_VALUE_ATTR_OLD, attr, condition);
}

HbPredicate *
hb_predicate_attr_to (const char  *attr,
                      HbCondition *condition)
{
  g_return_val_if_fail (attr != NULL, NULL);
  g_return_val_if_fail (condition != NULL, NULL);
  g_return_val_if_fail (!hb_condition_is_comparison (condition), NULL);

  return value_is_new (LABEL_ATTR_TO, HB_VALUE_ATTR_NEW, attr, condition);
}

HbPredicate *
hb_predicate_attr_comparison (const char  *attr,
                              HbCondition *comparison)
{
  g_return_val_if_fail (attr != NULL, NULL);
  g_return_val_if_fail (comparison != NULL, NULL);
  g_return_val_if_fail (hb_condition_is_comparison (comparison), NULL);

  return change_new (HB_VALUE_ATTR_NEW, attr, comparison);
}

static HbPredicate *
matches_new (PredKind     kind,
             const char  *what,
             const char  *pattern,
             GError     **error)
{
  HbPredicate *self;

  if (!hb_glob_validate (pattern, error))
    {
      g_prefix_error (error, "%s: ", what);
      return NULL;
    }

  self = predicate_new (kind);
  self->pattern = g_strdup (pattern);
  self->is_glob = hb_glob_is_pattern (pattern);

  return self;
}

HbPredicate *
hb_predicate_entity_matches (const char  *entity_glob,
                             GError     **error)
{
  g_return_val_if_fail (entity_glob != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return matches_new (PRED_ENTITY, "entity_matches", entity_glob, error);
}

HbPredicate *
hb_predicate_domain_matches (const char  *domain_glob,
                             GError     **error)
{
  g_return_val_if_fail (domain_glob != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return matches_new (PRED_DOMAIN, "domain_matches", domain_glob, error);
}

HbPredicate *
hb_predicate_service_matches (const char  *service_glob,
                              GError     **error)
{
  g_return_val_if_fail (service_glob != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return matches_new (PRED_SERVICE, "service_matches", service_glob, error);
}

HbPredicate *
hb_predicate_service_data_where (JsonObject  *mapping,
                                 gboolean     auto_glob,
                                 GError     **error)
{
  g_autoptr(HbPredicate) self = NULL;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (mapping != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = hb_predicate_all_of (NULL, NULL);
  self->label = LABEL_SERVICE_DATA_WHERE;

  members = json_object_get_members (mapping);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (mapping, key);
      HbCondition *condition;

      if (auto_glob &&
          JSON_NODE_HOLDS_VALUE (value) &&
          json_node_get_value_type (value) == G_TYPE_STRING &&
          hb_glob_is_pattern (json_node_get_string (value)))
        {
          condition = hb_condition_glob (json_node_get_string (value), error);
          if (condition == NULL)
            {
              g_prefix_error (error, "service_data_where: key '%s': ", key);
              return NULL;
            }
        }
      else
        {
          condition = hb_condition_equals (value);
        }

      g_ptr_array_add (self->children,
                       value_is_new (LABEL_PLAIN, HB_VALUE_SERVICE_DATA, key, condition));
    }

  return g_steal_pointer (&self);
}

static gboolean
pattern_matches (HbPredicate *self,
                 const char  *text)
{
  if (text == NULL)
    return FALSE;

  return self->is_glob ? hb_glob_match (self->pattern, text) : g_str_equal (self->pattern, text);
}

static gboolean
values_differ (JsonNode *old_value,
               JsonNode *new_value)
{
  /* MISSING counts as a value: MISSING -> MISSING is no change, MISSING -> x is one */
  if (old_value == NULL || new_value == NULL)
    return old_value != new_value;

  return !hb_json_equal (old_value, new_value);
}

gboolean
hb_predicate_evaluate (HbPredicate  *self,
                       HbEvent      *event,
                       GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (HB_IS_EVENT (event), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (self->kind)
    {
    case PRED_ALL_OF:
      for (guint i = 0; i < self->children->len; i++)
        {
          if (!hb_predicate_evaluate (g_ptr_array_index (self->children, i), event, error))
            return FALSE;
        }
      return TRUE;

    case PRED_ANY_OF:
      for (guint i = 0; i < self->children->len; i++)
        {
          GError *local_error = NULL;

          if (hb_predicate_evaluate (g_ptr_array_index (self->children, i), event, &local_error))
            return TRUE;
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
        }
      return FALSE;

    case PRED_NOT:
      {
        GError *local_error = NULL;
        gboolean result;

        result = hb_predicate_evaluate (g_ptr_array_index (self->children, 0), event,
                                        &local_error);
        if (local_error != NULL)
          {
            g_propagate_error (error, local_error);
            return FALSE;
          }
        return !result;
      }

    case PRED_FUNC:
      {
        GError *local_error = NULL;
        gboolean result = self->func (event, self->user_data, &local_error);

        if (result && local_error != NULL)
          {
            g_warning ("Predicate '%s' returned TRUE but set an error: %s",
                       self->description != NULL ? self->description : "custom predicate",
                       local_error->message);
            g_clear_error (&local_error);
          }
        if (local_error != NULL)
          {
            g_propagate_error (error, local_error);
            return FALSE;
          }
        return result;
      }

    case PRED_VALUE_IS:
      return hb_condition_match (self->condition,
                                 hb_event_read_value (event, self->source, self->attr));

    case PRED_CHANGE:
      {
        HbValueSource old_source = self->source == HB_VALUE_STATE_NEW ? HB_VALUE_STATE_OLD
                                                                      : HB_VALUE_ATTR_OLD;
        JsonNode *old_value = hb_event_read_value (event, old_source, self->attr);
        JsonNode *new_value = hb_event_read_value (event, self->source, self->attr);

        if (self->condition == NULL)
          return values_differ (old_value, new_value);
        return hb_condition_match_change (self->condition, old_value, new_value);
      }

    case PRED_ENTITY:
      return pattern_matches (self, hb_event_get_entity_id (event));

    case PRED_DOMAIN:
      return pattern_matches (self, hb_event_get_domain (event));

    case PRED_SERVICE:
      return pattern_matches (self, hb_event_get_service (event));

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static char *
source_describe (HbValueSource  source,
                 const char    *attr)
{
  switch (source)
    {
    case HB_VALUE_STATE_NEW:    return g_strdup ("new_state.state");
    case HB_VALUE_STATE_OLD:    return g_strdup ("old_state.state");
    case HB_VALUE_ATTR_NEW:     return g_strdup_printf ("new_state.attributes.%s", attr);
    case HB_VALUE_ATTR_OLD:     return g_strdup_printf ("old_state.attributes.%s", attr);
    case HB_VALUE_SERVICE_DATA: return g_strdup_printf ("service_data.%s", attr);
    case HB_VALUE_DATA:         return g_strdup_printf ("data.%s", attr);
    default:                    return g_strdup ("?");
    }
}

static char *
children_describe (const char *name,
                   GPtrArray  *children)
{
  GString *str = g_string_new (name);

  g_string_append_c (str, '(');
  for (guint i = 0; i < children->len; i++)
    {
      g_autofree char *child = hb_predicate_describe (g_ptr_array_index (children, i));

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, child);
    }
  g_string_append_c (str, ')');

  return g_string_free (str, FALSE);
}

static char *
service_data_where_describe (HbPredicate *self)
{
  GString *str = g_string_new ("service_data_where(");

  for (guint i = 0; i < self->children->len; i++)
    {
      HbPredicate *child = g_ptr_array_index (self->children, i);
      g_autofree char *cond = hb_condition_describe (child->condition);

      if (i > 0)
        g_string_append (str, ", ");
      g_string_append_printf (str, "%s %s", child->attr, cond);
    }
  g_string_append_c (str, ')');

  return g_string_free (str, FALSE);
}

char *
hb_predicate_describe (HbPredicate *self)
{
  g_autofree char *cond = NULL;
  g_autofree char *source = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->condition != NULL)
    cond = hb_condition_describe (self->condition);

  switch (self->kind)
    {
    case PRED_ALL_OF:
      if (self->label == LABEL_SERVICE_DATA_WHERE)
        return service_data_where_describe (self);
      return children_describe ("all_of", self->children);

    case PRED_ANY_OF:
      return children_describe ("any_of", self->children);

    case PRED_NOT:
      return children_describe ("not", self->children);

    case PRED_FUNC:
      return g_strdup (self->description != NULL ? self->description : "custom predicate");

    case PRED_VALUE_IS:
      switch (self->label)
        {
        case LABEL_STATE_FROM: return g_strdup_printf ("state_from %s", cond);
        case LABEL_STATE_TO:   return g_strdup_printf ("state_to %s", cond);
        case LABEL_ATTR_FROM:  return g_strdup_printf ("attr_from %s %s", self->attr, cond);
        case LABEL_ATTR_TO:    return g_strdup_printf ("attr_to %s %s", self->attr, cond);
        case LABEL_PRESENT:
        case LABEL_MISSING:
          source = source_describe (self->source, self->attr);
          return g_strdup_printf ("%s %s",
                                  self->label == LABEL_PRESENT ? "is_present" : "is_missing",
                                  source);
        case LABEL_PLAIN:
        case LABEL_SERVICE_DATA_WHERE:
        default:
          source = source_describe (self->source, self->attr);
          return g_strdup_printf ("value_is %s %s", source, cond);
        }

    case PRED_CHANGE:
      if (self->source == HB_VALUE_STATE_NEW)
        return cond == NULL ? g_strdup ("state_did_change")
                            : g_strdup_printf ("state_comparison %s", cond);
      return cond == NULL ? g_strdup_printf ("attr_did_change %s", self->attr)
                          : g_strdup_printf ("attr_comparison %s %s", self->attr, cond);

    case PRED_ENTITY:
      return g_strdup_printf ("entity_matches '%s'", self->pattern);

    case PRED_DOMAIN:
      return g_strdup_printf ("domain_matches '%s'", self->pattern);

    case PRED_SERVICE:
      return g_strdup_printf ("service_matches '%s'", self->pattern);

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

gboolean
_hb_predicate_equal (HbPredicate *a,
                     HbPredicate *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->kind != b->kind ||
      a->label != b->label ||
      a->source != b->source ||
      a->is_glob != b->is_glob ||
      a->func != b->func ||
      a->user_data != b->user_data ||
      g_strcmp0 (a->attr, b->attr) != 0 ||
      g_strcmp0 (a->pattern, b->pattern) != 0 ||
      !_hb_condition_equal (a->condition, b->condition))
    return FALSE;

  if (a->children == NULL || b->children == NULL)
    return a->children == b->children;

  if (a->children->len != b->children->len)
    return FALSE;

  for (guint i = 0; i < a->children->len; i++)
    {
      if (!_hb_predicate_equal (g_ptr_array_index (a->children, i),
                                g_ptr_array_index (b->children, i)))
        return FALSE;
    }

  return TRUE;
}

gboolean
_hb_predicate_reads_old_state (HbPredicate *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  switch (self->kind)
    {
    case PRED_CHANGE:
      return TRUE;

    case PRED_VALUE_IS:
      return self->source == HB_VALUE_STATE_OLD || self->source == HB_VALUE_ATTR_OLD;

    case PRED_ALL_OF:
    case PRED_ANY_OF:
    case PRED_NOT:
      for (guint i = 0; i < self->children->len; i++)
        {
          if (_hb_predicate_reads_old_state (g_ptr_array_index (self->children, i)))
            return TRUE;
        }
      return FALSE;

    case PRED_FUNC:
    case PRED_ENTITY:
    case PRED_DOMAIN:
    case PRED_SERVICE:
    default:
      return FALSE;
    }
}
