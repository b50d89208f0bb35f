/* hb-crash-guard.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The host's last words. hb_crash_guard_install() sets handlers for SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL and SIGABRT (on an alternate stack, so a stack overflow is reported too)
 * that write one line to standard error and then die of the same signal:
 *
 *   {"event": "crash", "signal": 11, "task": "handler:motion_sensor"}
 *
 * A signal handler may only call async-signal-safe functions, so the line is prepared
 * beforehand: hb_crash_guard_set_task() is called whenever the running task changes and
 * renders the task part of the line into a static buffer. The handler only copies bytes
 * and calls write(2), sigaction(2) and raise(3).
 */

void hb_crash_guard_install  (void);
/* @task_name: (nullable): the task now running; %NULL when none runs */
void hb_crash_guard_set_task (const char *task_name);

G_END_DECLS
