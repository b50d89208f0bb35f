/* hb-application-automation.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hb-application.h"

G_BEGIN_DECLS

/*
 * Application actions that let a script drive a running workbench over D-Bus
 * (org.gtk.Actions on the application's object path, as `gdbus call` or
 * GDBusActionGroup see it), since window actions are not exported. They act on the
 * active window:
 *
 *   app.apply-step(s)      applies a step given as JSON text (a scenario file's step)
 *   app.save-scenario-as(s) saves the session as a scenario at a path
 *   app.dump-panes(s)      writes what the panes show, as JSON, to a path
 *   app.window-action((sav)) activates a window action: ("win.seek-to", [<uint32 3>]),
 *                          ("win.toggle-step", []) for one that takes no parameter
 *
 * Bad input (JSON that does not parse, a path that cannot be written) shows in the
 * window's error banner. The end-to-end test of the installed binary uses them.
 */
void _hb_application_add_automation_actions (HbApplication *self);

G_END_DECLS
