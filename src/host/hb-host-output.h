/* hb-host-output.h
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * HbHostOutput: the host's standard output, one JSON object per line.
 *
 * Lines are buffered and written by hb_host_output_flush(), which the host calls once per
 * response (so the workbench gets a request's observations and its response in few
 * reads) and after each main loop iteration between requests. Lines may be added from any
 * thread (log lines from worker threads). A helper thread writes lines that have waited
 * longer than the flush interval, so a request that runs long (or never ends) still shows
 * what it did so far, e.g. which handler is running.
 *
 * A write that fails (the workbench closed the pipe) makes the output broken: later lines
 * are dropped and hb_host_output_is_broken() says so.
 */

#define HB_TYPE_HOST_OUTPUT (hb_host_output_get_type ())
G_DECLARE_FINAL_TYPE (HbHostOutput, hb_host_output, HB, HOST_OUTPUT, GObject)

/* @fd: where lines go (not closed); @flush_interval_ms: 0 disables the helper thread */
HbHostOutput *hb_host_output_new        (int            fd,
                                         guint          flush_interval_ms);
/* Appends @object as one compact line. */
void          hb_host_output_add        (HbHostOutput  *self,
                                         JsonObject    *object);
/* Writes every buffered line. Returns FALSE once the output is broken. */
gboolean      hb_host_output_flush      (HbHostOutput  *self);
gboolean      hb_host_output_is_broken  (HbHostOutput  *self);
/* Stops the helper thread (flushing first); later lines are still written by flush. */
void          hb_host_output_close      (HbHostOutput  *self);

G_END_DECLS
