/* hb-json-item.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-json-item.h"

struct _HbJsonItem
{
  GObject     parent_instance;

  char       *key;
  JsonObject *data;
};

enum {
  PROP_0,
  PROP_KEY,
  PROP_DATA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (HbJsonItem, hb_json_item, G_TYPE_OBJECT)

static void
hb_json_item_finalize (GObject *object)
{
  HbJsonItem *self = HB_JSON_ITEM (object);

  g_free (self->key);
  g_clear_pointer (&self->data, json_object_unref);

  G_OBJECT_CLASS (hb_json_item_parent_class)->finalize (object);
}

static void
hb_json_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HbJsonItem *self = HB_JSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;

    case PROP_DATA:
      g_value_set_boxed (value, self->data);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_json_item_class_init (HbJsonItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_json_item_finalize;
  object_class->get_property = hb_json_item_get_property;

  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, JSON_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_json_item_init (HbJsonItem *self)
{
}

HbJsonItem *
hb_json_item_new (const char *key,
                  JsonObject *data)
{
  HbJsonItem *self;

  g_return_val_if_fail (data != NULL, NULL);

  self = g_object_new (HB_TYPE_JSON_ITEM, NULL);
  self->key = g_strdup (key);
  self->data = json_object_ref (data);
  return self;
}

const char *
hb_json_item_get_key (HbJsonItem *self)
{
  g_return_val_if_fail (HB_IS_JSON_ITEM (self), NULL);
  return self->key;
}

JsonObject *
hb_json_item_get_data (HbJsonItem *self)
{
  g_return_val_if_fail (HB_IS_JSON_ITEM (self), NULL);
  return self->data;
}

void
hb_json_item_set_data (HbJsonItem *self,
                       JsonObject *data)
{
  g_return_if_fail (HB_IS_JSON_ITEM (self));
  g_return_if_fail (data != NULL);

  if (self->data == data)
    return;

  json_object_ref (data);
  g_clear_pointer (&self->data, json_object_unref);
  self->data = data;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATA]);
}

JsonNode *
hb_json_item_lookup (HbJsonItem *self,
                     const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonObject *object;
  JsonNode *node = NULL;

  g_return_val_if_fail (HB_IS_JSON_ITEM (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  parts = g_strsplit (path, ".", -1);
  object = self->data;

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

char *
hb_json_item_dup_text (HbJsonItem *self,
                       const char *path)
{
  JsonNode *node = hb_json_item_lookup (self, path);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return json_to_string (node, FALSE);
}
