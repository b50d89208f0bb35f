/* hb-class-lock.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-class-lock-private.h"
#include "hb-config-schema-private.h"

/*
 * json-glib reference counts are not atomic (JsonObject, and the JsonValue that
 * json_node_copy() shares between copies), so nothing is shared between threads here:
 * the entry keeps its own unshared copies, touched only under its mutex, and hands out
 * unshared copies.
 */

struct _HbClassLock
{
  GMutex       mutex;      /* guards everything below */
  guint        n_holders;
  JsonObject  *manifest;   /* in force; NULL: unset */
  JsonObject  *saved;      /* what the first entrant found */
  gboolean     saved_set;  /* FALSE: it found the manifest unset */
};

/* Guards only the creation of entries (the get-or-create of the type qdata), never a
 * manifest: a class's manifest work takes that class's own mutex. */
static GMutex entries_mutex;

static GQuark
class_lock_quark (void)
{
  static gsize quark;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("hb-class-lock"));
  return (GQuark) quark;
}

static HbClassLock *
lookup_entry (GType    type,
              gboolean create)
{
  HbClassLock *lock;

  g_mutex_lock (&entries_mutex);
  lock = g_type_get_qdata (type, class_lock_quark ());
  if (lock == NULL && create)
    {
      /* Never freed: a GType is never unregistered, so the entry lives as long. */
      lock = g_new0 (HbClassLock, 1);
      g_mutex_init (&lock->mutex);
      g_type_set_qdata (type, class_lock_quark (), lock);
    }
  g_mutex_unlock (&entries_mutex);

  return lock;
}

HbClassLock *
_hb_class_lock_enter (GType       type,
                      JsonObject *synthesized)
{
  HbClassLock *lock;

  g_assert (type != G_TYPE_INVALID);
  g_assert (synthesized != NULL);

  lock = lookup_entry (type, TRUE);

  g_mutex_lock (&lock->mutex);
  if (lock->n_holders == 0)
    {
      g_assert (lock->saved == NULL);
      lock->saved_set = lock->manifest != NULL;
      lock->saved = g_steal_pointer (&lock->manifest);
      lock->manifest = _hb_config_schema_copy_object (synthesized);
    }
  lock->n_holders++;
  g_mutex_unlock (&lock->mutex);

  return lock;
}

void
_hb_class_lock_leave (HbClassLock *lock)
{
  g_assert (lock != NULL);

  g_mutex_lock (&lock->mutex);
  g_assert (lock->n_holders > 0);
  lock->n_holders--;
  if (lock->n_holders == 0)
    {
      g_clear_pointer (&lock->manifest, json_object_unref);
      if (lock->saved_set)
        lock->manifest = g_steal_pointer (&lock->saved);
      lock->saved_set = FALSE;
      g_assert (lock->saved == NULL);
    }
  g_mutex_unlock (&lock->mutex);
}

guint
_hb_class_lock_get_n_holders (GType type)
{
  HbClassLock *lock = lookup_entry (type, FALSE);
  guint n;

  if (lock == NULL)
    return 0;

  g_mutex_lock (&lock->mutex);
  n = lock->n_holders;
  g_mutex_unlock (&lock->mutex);

  return n;
}

JsonObject *
_hb_class_lock_dup_manifest (GType type)
{
  HbClassLock *lock = lookup_entry (type, FALSE);
  JsonObject *manifest = NULL;

  if (lock == NULL)
    return NULL;

  g_mutex_lock (&lock->mutex);
  if (lock->manifest != NULL)
    manifest = _hb_config_schema_copy_object (lock->manifest);
  g_mutex_unlock (&lock->mutex);

  return manifest;
}

void
_hb_class_lock_set_manifest (GType       type,
                             JsonObject *manifest)
{
  HbClassLock *lock = lookup_entry (type, TRUE);

  g_mutex_lock (&lock->mutex);
  g_clear_pointer (&lock->manifest, json_object_unref);
  lock->manifest = manifest != NULL ? _hb_config_schema_copy_object (manifest) : NULL;
  g_mutex_unlock (&lock->mutex);
}
