/* hb-api-call.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-api-call.h"
#include "hb-api-call-private.h"
#include "hb-json.h"

struct _HbApiCall
{
  GObject     parent_instance;

  guint       index;
  char       *method;
  /* A private deep copy, sealed: nobody can change a call after it was recorded, even
   * through the (transfer none) getter. */
  JsonObject *kwargs;
  gint64      time_usec;
};

G_DEFINE_FINAL_TYPE (HbApiCall, hb_api_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_METHOD,
  PROP_KWARGS,
  PROP_TIME_USEC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
hb_api_call_set_kwargs (HbApiCall  *self,
                        JsonObject *kwargs)
{
  g_assert (self->kwargs == NULL);

  if (kwargs != NULL)
    self->kwargs = hb_json_object_copy (kwargs);
  else
    self->kwargs = json_object_new ();

  json_object_seal (self->kwargs);
}

static void
hb_api_call_constructed (GObject *object)
{
  HbApiCall *self = HB_API_CALL (object);

  G_OBJECT_CLASS (hb_api_call_parent_class)->constructed (object);

  /* Made with g_object_new() and no "kwargs": still never NULL. */
  if (self->kwargs == NULL)
    hb_api_call_set_kwargs (self, NULL);
  if (self->method == NULL)
    self->method = g_strdup ("");
}

static void
hb_api_call_finalize (GObject *object)
{
  HbApiCall *self = HB_API_CALL (object);

  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->kwargs, json_object_unref);

  G_OBJECT_CLASS (hb_api_call_parent_class)->finalize (object);
}

static void
hb_api_call_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HbApiCall *self = HB_API_CALL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;

    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;

    case PROP_KWARGS:
      g_value_set_boxed (value, self->kwargs);
      break;

    case PROP_TIME_USEC:
      g_value_set_int64 (value, self->time_usec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_api_call_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HbApiCall *self = HB_API_CALL (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      self->index = g_value_get_uint (value);
      break;

    case PROP_METHOD:
      self->method = g_value_dup_string (value);
      break;

    case PROP_KWARGS:
      hb_api_call_set_kwargs (self, g_value_get_boxed (value));
      break;

    case PROP_TIME_USEC:
      self->time_usec = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_api_call_class_init (HbApiCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hb_api_call_constructed;
  object_class->finalize = hb_api_call_finalize;
  object_class->get_property = hb_api_call_get_property;
  object_class->set_property = hb_api_call_set_property;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KWARGS] =
    g_param_spec_boxed ("kwargs", NULL, NULL,
                        JSON_TYPE_OBJECT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIME_USEC] =
    g_param_spec_int64 ("time-usec", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_api_call_init (HbApiCall *self)
{
}

/**
 * hb_api_call_new:
 * @index: 0-based position among all calls since the last reset
 * @method: the recorded method name
 * @kwargs: (nullable): the arguments by name; deep-copied, %NULL means none
 * @time_usec: harness clock time of the call
 *
 * Returns: (transfer full): a new, immutable call
 */
HbApiCall *
hb_api_call_new (guint       index,
                 const char *method,
                 JsonObject *kwargs,
                 gint64      time_usec)
{
  g_return_val_if_fail (method != NULL, NULL);

  return g_object_new (HB_TYPE_API_CALL,
                       "index", index,
                       "method", method,
                       "kwargs", kwargs,
                       "time-usec", time_usec,
                       NULL);
}

guint
hb_api_call_get_index (HbApiCall *self)
{
  g_return_val_if_fail (HB_IS_API_CALL (self), 0);

  return self->index;
}

const char *
hb_api_call_get_method (HbApiCall *self)
{
  g_return_val_if_fail (HB_IS_API_CALL (self), NULL);

  return self->method;
}

/**
 * hb_api_call_get_kwargs:
 *
 * Returns: (transfer none): the arguments by name; sealed, never %NULL
 */
JsonObject *
hb_api_call_get_kwargs (HbApiCall *self)
{
  g_return_val_if_fail (HB_IS_API_CALL (self), NULL);

  return self->kwargs;
}

gint64
hb_api_call_get_time_usec (HbApiCall *self)
{
  g_return_val_if_fail (HB_IS_API_CALL (self), 0);

  return self->time_usec;
}

/**
 * hb_api_call_to_json:
 *
 * Returns: (transfer full): `{"method": ..., "kwargs": {...}}`, a fresh mutable copy
 */
JsonObject *
hb_api_call_to_json (HbApiCall *self)
{
  JsonObject *object;

  g_return_val_if_fail (HB_IS_API_CALL (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "method", self->method);
  json_object_set_object_member (object, "kwargs", hb_json_object_copy (self->kwargs));

  return object;
}

static void
append_quoted (GString    *out,
               const char *str)
{
  g_string_append_c (out, '\'');

  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '\'':
          g_string_append (out, "\\'");
          break;

        case '\\':
          g_string_append (out, "\\\\");
          break;

        case '\n':
          g_string_append (out, "\\n");
          break;

        case '\r':
          g_string_append (out, "\\r");
          break;

        case '\t':
          g_string_append (out, "\\t");
          break;

        default:
          /* Bytes >= 0x80 are UTF-8 and pass unchanged ("°C" stays readable). */
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }

  g_string_append_c (out, '\'');
}

void
_hb_api_call_append_value (GString  *out,
                           JsonNode *node)
{
  g_assert (out != NULL);
  g_assert (node != NULL);

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      append_quoted (out, json_node_get_string (node));
    }
  else
    {
      g_autofree char *text = hb_json_to_string (node);

      g_string_append (out, text);
    }
}

/**
 * hb_api_call_describe:
 *
 * Returns: (transfer full): the call as a user reads it, e.g.
 *   `turn_on(entity_id='light.hallway', domain='light')`
 */
char *
hb_api_call_describe (HbApiCall *self)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  GString *out;
  gboolean first = TRUE;

  g_return_val_if_fail (HB_IS_API_CALL (self), NULL);

  out = g_string_new (self->method);
  g_string_append_c (out, '(');

  json_object_iter_init_ordered (&iter, self->kwargs);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;

      g_string_append (out, name);
      g_string_append_c (out, '=');
      _hb_api_call_append_value (out, node);
    }

  g_string_append_c (out, ')');

  return g_string_free (out, FALSE);
}
