/* main.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "hb-crash-guard.h"
#include "hb-host.h"
#include "hb-host-output.h"

/*
 * hassbench-host: one harness, one app, JSON lines on stdin and stdout (PROTOCOL.md).
 *
 * The main loop runs on the harness's own context once an app is loaded, so whatever the
 * harness schedules there (a live clock's timers, GIO callbacks handlers wait on) runs
 * between requests too. Standard input is read from a source on that same context; a
 * request is handled inside that source's dispatch, and GLib never dispatches a source
 * recursively, so the drains a request runs cannot start the next request.
 */

#define READ_CHUNK        65536
#define FLUSH_INTERVAL_MS 100

typedef struct
{
  HbHost       *host;
  HbHostOutput *output;
  GString      *input;
  gboolean      eof;
} Host;

/* The log writer outlives nothing it needs: it falls back to standard error once the
 * output is gone. */
static HbHostOutput *log_output;
static GPrivate in_log_writer;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "message";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

/* Log lines become `log` observations, off standard error (which the workbench shows as
 * raw text). A fatal message is flushed at once: the crash line follows it. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  g_autoptr(JsonObject) obs = NULL;
  g_autofree char *message = NULL;
  const char *domain = NULL;
  HbHostOutput *output = g_atomic_pointer_get (&log_output);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
    }

  if (g_log_writer_default_would_drop (level, domain))
    return G_LOG_WRITER_HANDLED;

  /* Logging from inside the writer (json-glib complaining, say) must not recurse. */
  if (output == NULL || g_private_get (&in_log_writer) != NULL)
    return g_log_writer_standard_streams (level, fields, n_fields, user_data);

  g_private_set (&in_log_writer, GINT_TO_POINTER (1));

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") != 0)
        continue;
      message = fields[i].length < 0 ? g_strdup (fields[i].value)
                                     : g_strndup (fields[i].value, (gsize) fields[i].length);
    }

  obs = json_object_new ();
  json_object_set_string_member (obs, "event", "log");
  json_object_set_string_member (obs, "level", level_name (level));
  json_object_set_string_member (obs, "domain", domain != NULL ? domain : "");
  json_object_set_string_member (obs, "message", message != NULL ? message : "");
  hb_host_output_add (output, obs);

  if (level & (G_LOG_FLAG_FATAL | G_LOG_LEVEL_ERROR))
    {
      hb_host_output_flush (output);
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
    }

  g_private_set (&in_log_writer, NULL);

  return G_LOG_WRITER_HANDLED;
}

static void
handle_lines (Host *self)
{
  gsize start = 0;

  for (gsize i = 0; i < self->input->len && !hb_host_get_quit (self->host); i++)
    {
      gsize len;

      if (self->input->str[i] != '\n')
        continue;

      len = i - start;
      if (len > 0 && self->input->str[i - 1] == '\r')
        len--;
      if (len > 0)
        {
          hb_host_handle_line (self->host, self->input->str + start, len);
          hb_host_output_flush (self->output);
        }
      start = i + 1;
    }

  g_string_erase (self->input, 0, (gssize) start);
}

static gboolean
stdin_cb (int           fd,
          GIOCondition  condition,
          gpointer      user_data)
{
  Host *self = user_data;
  char chunk[READ_CHUNK];
  ssize_t n = read (fd, chunk, sizeof chunk);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;

  if (n <= 0)
    {
      /* The workbench went away: a last request without a newline still counts. */
      if (self->input->len > 0)
        {
          g_string_append_c (self->input, '\n');
          handle_lines (self);
        }
      self->eof = TRUE;
      return G_SOURCE_REMOVE;
    }

  g_string_append_len (self->input, chunk, n);
  handle_lines (self);

  return hb_host_get_quit (self->host) ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static GSource *
watch_stdin (Host         *self,
             GMainContext *context)
{
  GSource *source = g_unix_fd_source_new (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR);

  g_source_set_callback (source, G_SOURCE_FUNC (stdin_cb), self, NULL);
  g_source_set_static_name (source, "hassbench-host stdin");
  g_source_attach (source, context);
  return source;
}

int
main (int   argc,
      char *argv[])
{
  Host self = { 0 };
  GSource *source = NULL;
  GMainContext *source_context = NULL;

  if (argc > 1)
    {
      g_printerr ("Usage: %s\n\nRuns one app for the Hassbench workbench, speaking JSON lines on "
                  "standard input and output (see PROTOCOL.md).\n", argv[0]);
      return 2;
    }

  /* A closed pipe is a write error to handle, not a reason to die silently. */
  signal (SIGPIPE, SIG_IGN);
  hb_crash_guard_install ();

  self.output = hb_host_output_new (STDOUT_FILENO, FLUSH_INTERVAL_MS);
  g_atomic_pointer_set (&log_output, self.output);
  g_log_set_writer_func (log_writer, NULL, NULL);

  self.host = hb_host_new (self.output);
  self.input = g_string_new (NULL);

  while (!self.eof && !hb_host_get_quit (self.host) && !hb_host_output_is_broken (self.output))
    {
      GMainContext *context = hb_host_get_context (self.host);

      if (context == NULL)
        context = g_main_context_default ();

      /* Loading an app moves the loop (and stdin) onto the harness's context. */
      if (context != source_context)
        {
          if (source != NULL)
            {
              g_source_destroy (source);
              g_source_unref (source);
            }
          source = watch_stdin (&self, context);
          source_context = context;
        }

      g_main_context_iteration (context, TRUE);
      hb_host_sync (self.host);
      hb_host_output_flush (self.output);
    }

  if (source != NULL)
    {
      g_source_destroy (source);
      g_source_unref (source);
    }

  hb_host_shutdown (self.host);
  hb_host_output_close (self.output);

  g_atomic_pointer_set (&log_output, NULL);
  g_clear_object (&self.host);
  g_clear_object (&self.output);
  g_string_free (self.input, TRUE);

  return 0;
}
