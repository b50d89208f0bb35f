/* hb-json-item.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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

void
hb_json_item_set_key (HbJsonItem *self,
                      const char *key)
{
  g_return_if_fail (HB_IS_JSON_ITEM (self));

  if (g_strcmp0 (self->key, key) == 0)
    return;

  g_free (self->key);
  self->key = g_strdup (key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
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

/* Cells look members up on every bind and sorters on every comparison: walk the dotted
 * path in place, without splitting it into allocated parts. */
JsonNode *
hb_json_item_lookup (HbJsonItem *self,
                     const char *path)
{
  JsonObject *object;
  JsonNode *node = NULL;
  const char *part;

  g_return_val_if_fail (HB_IS_JSON_ITEM (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (*path == '\0')
    return NULL;

  object = self->data;
  part = path;

  for (;;)
    {
      const char *dot = strchr (part, '.');

      if (object == NULL)
        return NULL;

      if (dot == NULL)
        node = json_object_get_member (object, part);
      else
        {
          gsize len = dot - part;
          char small[64];
          g_autofree char *large = NULL;
          char *name = small;

          if (len >= sizeof small)
            name = large = g_malloc (len + 1);
          memcpy (name, part, len);
          name[len] = '\0';
          node = json_object_get_member (object, name);
        }

      if (node == NULL || dot == NULL)
        return node;

      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      part = dot + 1;
    }
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

struct _HbTextNeedle
{
  guint    len;
  gunichar chars[];  /* lower case */
};

HbTextNeedle *
hb_text_needle_new (const char *text)
{
  HbTextNeedle *self;
  glong len;

  if (text == NULL || *text == '\0')
    return NULL;

  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  len = g_utf8_strlen (text, -1);
  self = g_malloc (sizeof (HbTextNeedle) + len * sizeof (gunichar));
  self->len = len;
  for (glong i = 0; i < len; i++, text = g_utf8_next_char (text))
    self->chars[i] = g_unichar_tolower (g_utf8_get_char (text));
  return self;
}

void
hb_text_needle_free (HbTextNeedle *self)
{
  g_free (self);
}

gboolean
hb_text_needle_has_prefix (const HbTextNeedle *self,
                           const HbTextNeedle *prefix)
{
  if (prefix == NULL)
    return TRUE;
  if (self == NULL || self->len < prefix->len)
    return FALSE;
  return memcmp (self->chars, prefix->chars, prefix->len * sizeof (gunichar)) == 0;
}

/* The lower-cased character at *@p, moving *@p past it; ASCII without a table lookup. */
static inline gunichar
next_folded (const char **p)
{
  guchar c = (guchar) **p;
  gunichar u;

  if (c < 0x80)
    {
      (*p)++;
      return g_ascii_tolower (c);
    }
  u = g_utf8_get_char (*p);
  *p = g_utf8_next_char (*p);
  return g_unichar_tolower (u);
}

gboolean
hb_text_needle_match (const HbTextNeedle *self,
                      const char         *text)
{
  if (self == NULL)
    return TRUE;
  if (text == NULL)
    return FALSE;

  /* Filters run this on every row: compare in place, character by character. */
  for (const char *start = text; *start != '\0'; start = g_utf8_next_char (start))
    {
      const char *p = start;
      guint i = 0;

      while (i < self->len && *p != '\0' && next_folded (&p) == self->chars[i])
        i++;
      if (i == self->len)
        return TRUE;
      /* The text ran out first: it is shorter than the needle from any later start. */
      if (*p == '\0')
        return FALSE;
    }
  return FALSE;
}

gboolean
hb_json_item_match (HbJsonItem         *self,
                    const char         *path,
                    const HbTextNeedle *needle)
{
  JsonNode *node;
  g_autofree char *text = NULL;

  g_return_val_if_fail (HB_IS_JSON_ITEM (self), FALSE);

  if (needle == NULL)
    return TRUE;

  node = hb_json_item_lookup (self, path);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return hb_text_needle_match (needle, json_node_get_string (node));

  text = hb_json_item_dup_text (self, path);
  return hb_text_needle_match (needle, text);
}
