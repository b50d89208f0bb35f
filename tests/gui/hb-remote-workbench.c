/* hb-remote-workbench.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-remote-workbench.h"

static gboolean
fail_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
hb_remote_poll_interval (void)
{
  gboolean done = FALSE;

  g_timeout_add (50, tick_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

char *
hb_remote_find_bus_name (GDBusConnection *bus,
                         const char      *pid_text,
                         const char      *action)
{
  guint32 pid = (guint32) g_ascii_strtoull (pid_text, NULL, 10);
  guint guard = g_timeout_add_seconds (60, fail_timeout_cb, (gpointer) "the workbench on D-Bus");

  for (;;)
    {
      g_autoptr(GVariant) names = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus",
                                                               "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus",
                                                               "ListNames", NULL,
                                                               G_VARIANT_TYPE ("(as)"),
                                                               G_DBUS_CALL_FLAGS_NONE, -1,
                                                               NULL, NULL);
      g_autoptr(GVariantIter) iter = NULL;
      const char *name;

      g_assert_nonnull (names);
      g_variant_get (names, "(as)", &iter);
      while (g_variant_iter_next (iter, "&s", &name))
        {
          g_autoptr(GVariant) owner = NULL;
          g_autoptr(GVariant) description = NULL;
          guint32 owner_pid;

          if (name[0] != ':')
            continue;
          owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus",
                                               "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                               "GetConnectionUnixProcessID",
                                               g_variant_new ("(s)", name),
                                               G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE,
                                               -1, NULL, NULL);
          if (owner == NULL)
            continue;
          g_variant_get (owner, "(u)", &owner_pid);
          if (owner_pid != pid)
            continue;
          description = g_dbus_connection_call_sync (bus, name, HB_REMOTE_OBJECT_PATH,
                                                     "org.gtk.Actions",
                                                     "Describe",
                                                     g_variant_new ("(s)", action),
                                                     NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                                                     NULL, NULL);
          if (description != NULL)
            {
              g_source_remove (guard);
              return g_strdup (name);
            }
        }
      hb_remote_poll_interval ();
    }
}

void
hb_remote_activate (GDBusConnection *bus,
                    const char      *name,
                    const char      *action,
                    GVariant        *arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GVariantBuilder params;

  g_variant_builder_init (&params, G_VARIANT_TYPE ("av"));
  if (arg != NULL)
    g_variant_builder_add (&params, "v", arg);
  reply = g_dbus_connection_call_sync (bus, name, HB_REMOTE_OBJECT_PATH, "org.gtk.Actions",
                                       "Activate",
                                       g_variant_new ("(sava{sv})", action, &params, NULL),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
}
