/* hb-app.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-app.h"

#include <string.h>

#include "hb-app-private.h"
#include "hb-class-lock-private.h"
#include "hb-json.h"

/*
 * The app's identity (app_key, unique_name, manifest) is per instance, computed from the
 * type name and the validated config when the harness attaches the app, as in the
 * reference since #1069. The class-level manifest is kept only for the class lock's
 * save/restore rule (hb-class-lock-private.h).
 */

typedef struct
{
  HbBus          *bus;
  HbScheduler    *scheduler;
  HbRecordingApi *api;
  HbStates       *states;
  HbTaskBucket   *bucket;
  HbClock        *clock;
  JsonObject     *config;
  JsonObject     *manifest;
  char           *app_key;
  char           *instance_name;
  char           *unique_name;
} HbAppPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (HbApp, hb_app, G_TYPE_OBJECT)

static GQuark
config_schema_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("hb-app-config-schema"));
  return (GQuark) quark;
}

static void
hb_app_dispose (GObject *object)
{
  HbApp *self = (HbApp *)object;
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_clear_object (&priv->bus);
  g_clear_object (&priv->scheduler);
  g_clear_object (&priv->api);
  g_clear_object (&priv->states);
  g_clear_object (&priv->bucket);
  g_clear_object (&priv->clock);

  G_OBJECT_CLASS (hb_app_parent_class)->dispose (object);
}

static void
hb_app_finalize (GObject *object)
{
  HbApp *self = (HbApp *)object;
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_clear_pointer (&priv->config, json_object_unref);
  g_clear_pointer (&priv->manifest, json_object_unref);
  g_clear_pointer (&priv->app_key, g_free);
  g_clear_pointer (&priv->instance_name, g_free);
  g_clear_pointer (&priv->unique_name, g_free);

  G_OBJECT_CLASS (hb_app_parent_class)->finalize (object);
}

static void
hb_app_class_init (HbAppClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_app_dispose;
  object_class->finalize = hb_app_finalize;
}

static void
hb_app_init (HbApp *self)
{
}

void
hb_app_class_set_config_schema (HbAppClass     *klass,
                                HbConfigSchema *schema)
{
  GType type;
  HbConfigSchema *old;

  g_return_if_fail (HB_IS_APP_CLASS (klass));
  g_return_if_fail (schema != NULL);

  type = G_TYPE_FROM_CLASS (klass);
  old = g_type_get_qdata (type, config_schema_quark ());
  g_type_set_qdata (type, config_schema_quark (), hb_config_schema_ref (schema));
  /* Only class_init sets it, before any instance (or harness) can read it. */
  if (old != NULL)
    hb_config_schema_unref (old);
}

HbConfigSchema *
hb_app_class_get_config_schema (HbAppClass *klass)
{
  static HbConfigSchema *builtin_only;

  g_return_val_if_fail (HB_IS_APP_CLASS (klass), NULL);

  /* A subclass without its own schema inherits its parent's. */
  for (GType type = G_TYPE_FROM_CLASS (klass); type != G_TYPE_INVALID; type = g_type_parent (type))
    {
      HbConfigSchema *schema = g_type_get_qdata (type, config_schema_quark ());

      if (schema != NULL)
        return schema;
      if (type == HB_TYPE_APP)
        break;
    }

  if (g_once_init_enter (&builtin_only))
    g_once_init_leave (&builtin_only, hb_config_schema_new ());
  return builtin_only;
}

JsonObject *
hb_app_class_dup_manifest (GType app_type)
{
  g_return_val_if_fail (g_type_is_a (app_type, HB_TYPE_APP), NULL);

  return _hb_class_lock_dup_manifest (app_type);
}

void
hb_app_class_set_manifest (GType       app_type,
                           JsonObject *manifest)
{
  g_return_if_fail (g_type_is_a (app_type, HB_TYPE_APP));

  _hb_class_lock_set_manifest (app_type, manifest);
}

char *
hb_app_key_from_type_name (const char *type_name)
{
  GString *key;

  g_return_val_if_fail (type_name != NULL, NULL);

  key = g_string_sized_new (strlen (type_name) + 8);
  for (const char *p = type_name; *p != '\0'; p++)
    {
      if (g_ascii_isupper (*p))
        {
          if (p != type_name)
            g_string_append_c (key, '_');
          g_string_append_c (key, g_ascii_tolower (*p));
        }
      else
        g_string_append_c (key, *p);
    }

  return g_string_free (key, FALSE);
}

char *
_hb_app_make_unique_name (const char *type_name,
                          const char *instance_name)
{
  g_assert (type_name != NULL);

  if (instance_name == NULL)
    instance_name = "";
  /* The reference's rule, kept: "" gives "MotionLights." */
  if (g_str_has_prefix (instance_name, type_name))
    return g_strdup (instance_name);
  return g_strdup_printf ("%s.%s", type_name, instance_name);
}

JsonObject *
_hb_app_synthesize_manifest (GType app_type)
{
  const char *type_name = g_type_name (app_type);
  g_autofree char *instance_name = g_strdup_printf ("%s.0", type_name);
  g_autofree char *app_key = hb_app_key_from_type_name (type_name);
  JsonObject *manifest = json_object_new ();
  JsonObject *instance = json_object_new ();
  JsonArray *app_config = json_array_new ();

  json_object_set_string_member (instance, "instance_name", instance_name);
  json_array_add_object_element (app_config, instance);

  json_object_set_string_member (manifest, "app_key", app_key);
  json_object_set_string_member (manifest, "class_name", type_name);
  json_object_set_string_member (manifest, "instance_name", instance_name);
  json_object_set_array_member (manifest, "app_config", app_config);

  return manifest;
}

void
_hb_app_attach (HbApp          *self,
                HbBus          *bus,
                HbScheduler    *scheduler,
                HbRecordingApi *api,
                HbStates       *states,
                HbTaskBucket   *bucket,
                HbClock        *clock,
                JsonObject     *config,
                JsonObject     *manifest)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);
  const char *type_name = G_OBJECT_TYPE_NAME (self);
  const char *instance_name;

  g_assert (HB_IS_APP (self));
  g_assert (priv->bus == NULL);
  g_assert (config != NULL);

  g_set_object (&priv->bus, bus);
  g_set_object (&priv->scheduler, scheduler);
  g_set_object (&priv->api, api);
  g_set_object (&priv->states, states);
  g_set_object (&priv->bucket, bucket);
  g_set_object (&priv->clock, clock);
  priv->config = hb_json_object_copy (config);
  priv->manifest = hb_json_object_copy (manifest);

  instance_name = json_object_get_string_member_with_default (priv->config, "instance_name", "");
  priv->app_key = hb_app_key_from_type_name (type_name);
  priv->instance_name = g_strdup (instance_name);
  priv->unique_name = _hb_app_make_unique_name (type_name, instance_name);
}

gboolean
_hb_app_initialize (HbApp   *self,
                    HbTask  *task,
                    GError **error)
{
  HbAppClass *klass = HB_APP_GET_CLASS (self);

  if (klass->initialize == NULL)
    return TRUE;
  return klass->initialize (self, task, error);
}

void
_hb_app_shutdown (HbApp *self)
{
  HbAppClass *klass = HB_APP_GET_CLASS (self);

  if (klass->shutdown != NULL)
    klass->shutdown (self);
}

HbBus *
hb_app_get_bus (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->bus;
}

HbScheduler *
hb_app_get_scheduler (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->scheduler;
}

HbRecordingApi *
hb_app_get_api (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->api;
}

HbStates *
hb_app_get_states (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->states;
}

HbTaskBucket *
hb_app_get_task_bucket (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->bucket;
}

HbClock *
hb_app_get_clock (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->clock;
}

GDateTime *
hb_app_get_now (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);
  g_return_val_if_fail (priv->clock != NULL, NULL);

  return hb_clock_get_now (priv->clock);
}

JsonObject *
hb_app_get_config (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->config;
}

/* A config getter on a field the schema does not have, or of another type, is a
 * programming error: the config was validated against the schema. */
static JsonNode *
config_value (HbApp      *self,
              const char *field,
              GType       value_type)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);
  JsonNode *node;

  if (priv->config == NULL)
    {
      g_critical ("%s: config field '%s' read before the app was attached",
                  G_OBJECT_TYPE_NAME (self), field);
      return NULL;
    }

  node = json_object_get_member (priv->config, field);
  if (node == NULL)
    {
      g_critical ("%s: config has no field '%s'", G_OBJECT_TYPE_NAME (self), field);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != value_type)
    {
      g_critical ("%s: config field '%s' is not a %s", G_OBJECT_TYPE_NAME (self), field,
                  g_type_name (value_type));
      return NULL;
    }

  return node;
}

const char *
hb_app_get_config_string (HbApp      *self,
                          const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (HB_IS_APP (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  node = config_value (self, field, G_TYPE_STRING);
  return node != NULL ? json_node_get_string (node) : NULL;
}

double
hb_app_get_config_double (HbApp      *self,
                          const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (HB_IS_APP (self), 0.0);
  g_return_val_if_fail (field != NULL, 0.0);

  node = config_value (self, field, G_TYPE_DOUBLE);
  return node != NULL ? json_node_get_double (node) : 0.0;
}

gint64
hb_app_get_config_int (HbApp      *self,
                       const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (HB_IS_APP (self), 0);
  g_return_val_if_fail (field != NULL, 0);

  node = config_value (self, field, G_TYPE_INT64);
  return node != NULL ? json_node_get_int (node) : 0;
}

gboolean
hb_app_get_config_boolean (HbApp      *self,
                           const char *field)
{
  JsonNode *node;

  g_return_val_if_fail (HB_IS_APP (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  node = config_value (self, field, G_TYPE_BOOLEAN);
  return node != NULL ? json_node_get_boolean (node) : FALSE;
}

const char *
hb_app_get_app_key (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->app_key;
}

const char *
hb_app_get_instance_name (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->instance_name;
}

const char *
hb_app_get_unique_name (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->unique_name;
}

JsonObject *
hb_app_get_manifest (HbApp *self)
{
  HbAppPrivate *priv = hb_app_get_instance_private (self);

  g_return_val_if_fail (HB_IS_APP (self), NULL);

  return priv->manifest;
}
