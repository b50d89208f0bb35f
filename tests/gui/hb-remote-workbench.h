/* hb-remote-workbench.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Driving a workbench that runs as its own process (the real `hassbench` binary) through
 * its application actions on the session bus (org.gtk.Actions), as the end-to-end and
 * journal tests do.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HB_REMOTE_OBJECT_PATH "/dev/hassbench/Hassbench"

/* Runs the main loop for one short poll interval: how often another process is asked,
 * not a delay that makes anything happen. */
void   hb_remote_poll_interval (void);
/* (transfer full): the unique bus name of process @pid_text once it exports app.@action;
 * the test fails after a minute without. */
char  *hb_remote_find_bus_name (GDBusConnection *bus,
                                const char      *pid_text,
                                const char      *action);
/* Activates app.@action of @name (@arg: nullable, floating); fails the test on an error. */
void   hb_remote_activate      (GDBusConnection *bus,
                                const char      *name,
                                const char      *action,
                                GVariant        *arg);

G_END_DECLS
