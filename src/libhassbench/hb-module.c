/* hb-module.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hb-module.h"
#include "hb-module-private.h"
#include "hb-app.h"
#include "hb-json.h"
#include "hb-step.h"

G_STATIC_ASSERT (HB_MODULE_ABI_VERSION == HB_ABI_VERSION);

G_DEFINE_QUARK (hb-module-error-quark, hb_module_error)

typedef struct
{
  GType  type;
  char  *id;
  char  *display_name;
  char  *description;
  JsonObject *example_house;  /* nullable */
} AppEntry;

struct _HbModule
{
  GObject  parent_instance;

  char    *path;
  GModule *gmodule;
  GArray  *apps;
  /* The first problem hb_module_add_app() saw; loading fails with it. */
  GError  *add_error;
};

G_DEFINE_FINAL_TYPE (HbModule, hb_module, G_TYPE_OBJECT)

static void
app_entry_clear (gpointer data)
{
  AppEntry *entry = data;

  g_clear_pointer (&entry->id, g_free);
  g_clear_pointer (&entry->display_name, g_free);
  g_clear_pointer (&entry->description, g_free);
  g_clear_pointer (&entry->example_house, json_object_unref);
}

static void
hb_module_finalize (GObject *object)
{
  HbModule *self = (HbModule *) object;

  /* The GModule is resident once registered: closing it only drops our handle. */
  g_clear_pointer (&self->gmodule, g_module_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->apps, g_array_unref);
  g_clear_error (&self->add_error);

  G_OBJECT_CLASS (hb_module_parent_class)->finalize (object);
}

static void
hb_module_class_init (HbModuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_module_finalize;
}

static void
hb_module_init (HbModule *self)
{
  self->apps = g_array_new (FALSE, TRUE, sizeof (AppEntry));
  g_array_set_clear_func (self->apps, app_entry_clear);
}

HbModule *
hb_module_new (const char *name)
{
  HbModule *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (HB_TYPE_MODULE, NULL);
  self->path = g_strdup (name);

  return self;
}

static char *
canonical_path (const char *path)
{
  char *resolved = realpath (path, NULL);
  char *result;

  if (resolved == NULL)
    return g_canonicalize_filename (path, NULL);

  /* realpath() memory comes from malloc(), not g_malloc(). */
  result = g_strdup (resolved);
  free (resolved);

  return result;
}

HbModule *
hb_module_load (const char  *path,
                GError     **error)
{
  g_autoptr(HbModule) self = NULL;
  g_autofree char *canonical = NULL;
  HbModuleRegisterFunc register_func = NULL;
  const int *abi_version = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_NOT_FOUND,
                   "%s: no such module file", path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_LOAD_FAILED,
                   "%s: is a directory, not a module file", path);
      return NULL;
    }

  canonical = canonical_path (path);
  self = g_object_new (HB_TYPE_MODULE, NULL);
  self->path = g_strdup (canonical);

  /* Local binding: two modules may use the same helper names without clashing. */
  self->gmodule = g_module_open (canonical, G_MODULE_BIND_LOCAL);
  if (self->gmodule == NULL)
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_LOAD_FAILED,
                   "%s: cannot load the module: %s", path, g_module_error ());
      return NULL;
    }

  if (!g_module_symbol (self->gmodule, "hb_module_abi_version", (gpointer *) &abi_version) ||
      abi_version == NULL)
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_MISSING_SYMBOL,
                   "%s: not a hassbench module: it has no hb_module_abi_version symbol "
                   "(define it with HB_MODULE_DEFINE_ABI_VERSION)", path);
      return NULL;
    }

  if (*abi_version != HB_MODULE_ABI_VERSION)
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_ABI_MISMATCH,
                   "%s: the module was built for module ABI %d, but this Hassbench speaks "
                   "ABI %d; rebuild the module against this Hassbench", path, *abi_version,
                   HB_MODULE_ABI_VERSION);
      return NULL;
    }

  if (!g_module_symbol (self->gmodule, "hb_module_register", (gpointer *) &register_func) ||
      register_func == NULL)
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_MISSING_SYMBOL,
                   "%s: the module has no hb_module_register function (export "
                   "`gboolean hb_module_register (HbModule *module, GError **error)` with "
                   "G_MODULE_EXPORT)", path);
      return NULL;
    }

  /* From here on the module may have registered GTypes, which can never go away. */
  g_module_make_resident (self->gmodule);

  if (!register_func (self, &local_error))
    {
      if (local_error == NULL)
        g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                     "%s: hb_module_register failed without saying why", path);
      else
        g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                     "%s: hb_module_register failed: %s", path, local_error->message);
      return NULL;
    }

  if (self->add_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&self->add_error), "%s: ", path);
      return NULL;
    }

  if (self->apps->len == 0)
    {
      g_set_error (error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                   "%s: hb_module_register added no apps (call hb_module_add_app)", path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static gboolean
id_is_valid (const char *id)
{
  if (id == NULL || !(g_ascii_islower (*id) || g_ascii_isdigit (*id)))
    return FALSE;

  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;

  return TRUE;
}

void
hb_module_add_app (HbModule   *module,
                   GType       type,
                   const char *id,
                   const char *display_name,
                   const char *description)
{
  AppEntry entry = { 0 };

  g_return_if_fail (HB_IS_MODULE (module));

  if (module->add_error != NULL)
    return;

  if (!id_is_valid (id))
    {
      g_set_error (&module->add_error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                   "app id '%s' is not valid (use lower-case letters, digits, '-' and '_', "
                   "like \"motion-lights\")", id ? id : "(null)");
      return;
    }

  if (type == G_TYPE_INVALID || !g_type_is_a (type, HB_TYPE_APP) ||
      G_TYPE_IS_ABSTRACT (type))
    {
      g_set_error (&module->add_error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                   "app '%s': type %s is not a concrete subtype of HbApp", id,
                   type != G_TYPE_INVALID ? g_type_name (type) : "(invalid)");
      return;
    }

  if (hb_module_find_app (module, id) >= 0)
    {
      g_set_error (&module->add_error, HB_MODULE_ERROR, HB_MODULE_ERROR_DUPLICATE_APP,
                   "app id '%s' is added twice", id);
      return;
    }

  entry.type = type;
  entry.id = g_strdup (id);
  entry.display_name = g_strdup (display_name != NULL ? display_name : g_type_name (type));
  entry.description = g_strdup (description);
  g_array_append_val (module->apps, entry);
}

static AppEntry *
get_entry (HbModule *self,
           guint     index)
{
  return &g_array_index (self->apps, AppEntry, index);
}

void
hb_module_set_app_example_house (HbModule   *module,
                                 const char *id,
                                 const char *states_json)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) states = NULL;
  g_autoptr(JsonObject) step_object = NULL;
  g_autoptr(HbStep) step = NULL;
  int index;

  g_return_if_fail (HB_IS_MODULE (module));
  g_return_if_fail (states_json != NULL);

  if (module->add_error != NULL)
    return;

  index = id != NULL ? hb_module_find_app (module, id) : -1;
  if (index < 0)
    {
      g_set_error (&module->add_error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                   "example house for app '%s': no such app was added before",
                   id ? id : "(null)");
      return;
    }

  /* The same check a set_states step gets, so the house always seeds. */
  states = hb_json_object_from_string (states_json, &local_error);
  if (states != NULL)
    {
      step_object = json_object_new ();
      json_object_set_string_member (step_object, "kind", "set_states");
      json_object_set_object_member (step_object, "states", json_object_ref (states));
      step = hb_step_new_from_object (step_object, &local_error);
    }
  if (step == NULL)
    {
      g_set_error (&module->add_error, HB_MODULE_ERROR, HB_MODULE_ERROR_REGISTER_FAILED,
                   "example house for app '%s': %s", id, local_error->message);
      return;
    }

  g_clear_pointer (&get_entry (module, index)->example_house, json_object_unref);
  get_entry (module, index)->example_house = g_steal_pointer (&states);
}

JsonObject *
hb_module_get_app_example_house (HbModule *self,
                                 guint     index)
{
  g_return_val_if_fail (HB_IS_MODULE (self), NULL);
  g_return_val_if_fail (index < self->apps->len, NULL);

  return get_entry (self, index)->example_house;
}

const char *
hb_module_get_path (HbModule *self)
{
  g_return_val_if_fail (HB_IS_MODULE (self), NULL);

  return self->path;
}

guint
hb_module_get_n_apps (HbModule *self)
{
  g_return_val_if_fail (HB_IS_MODULE (self), 0);

  return self->apps->len;
}

const char *
hb_module_get_app_id (HbModule *self,
                      guint     index)
{
  g_return_val_if_fail (HB_IS_MODULE (self), NULL);
  g_return_val_if_fail (index < self->apps->len, NULL);

  return get_entry (self, index)->id;
}

GType
hb_module_get_app_type (HbModule *self,
                        guint     index)
{
  g_return_val_if_fail (HB_IS_MODULE (self), G_TYPE_INVALID);
  g_return_val_if_fail (index < self->apps->len, G_TYPE_INVALID);

  return get_entry (self, index)->type;
}

const char *
hb_module_get_app_display_name (HbModule *self,
                                guint     index)
{
  g_return_val_if_fail (HB_IS_MODULE (self), NULL);
  g_return_val_if_fail (index < self->apps->len, NULL);

  return get_entry (self, index)->display_name;
}

const char *
hb_module_get_app_description (HbModule *self,
                               guint     index)
{
  g_return_val_if_fail (HB_IS_MODULE (self), NULL);
  g_return_val_if_fail (index < self->apps->len, NULL);

  return get_entry (self, index)->description;
}

int
hb_module_find_app (HbModule   *self,
                    const char *id)
{
  g_return_val_if_fail (HB_IS_MODULE (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  /* A module holds a handful of apps; a scan is the cheapest lookup. */
  for (guint i = 0; i < self->apps->len; i++)
    if (strcmp (get_entry (self, i)->id, id) == 0)
      return (int) i;

  return -1;
}

int
hb_module_find_app_by_type_name (HbModule   *self,
                                 const char *type_name)
{
  g_return_val_if_fail (HB_IS_MODULE (self), -1);
  g_return_val_if_fail (type_name != NULL, -1);

  for (guint i = 0; i < self->apps->len; i++)
    if (strcmp (g_type_name (get_entry (self, i)->type), type_name) == 0)
      return (int) i;

  return -1;
}

const GError *
_hb_module_get_add_error (HbModule *self)
{
  g_assert (HB_IS_MODULE (self));

  return self->add_error;
}
