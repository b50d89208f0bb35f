/* hb-cli-common.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hb-cli.h"

GOptionContext *
hb_cli_context_new (const char *verb,
                    const char *parameters,
                    const char *summary,
                    const char *examples)
{
  g_autofree char *params = g_strdup_printf ("%s %s", verb, parameters ? parameters : "");
  GOptionContext *context = g_option_context_new (params);

  g_option_context_set_summary (context, summary);
  if (examples != NULL)
    g_option_context_set_description (context, examples);

  return context;
}

gboolean
hb_cli_parse (GOptionContext   *context,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      hb_cli_err ("hassbench-cli: %s\nTry 'hassbench-cli %s --help'.\n", error->message,
                  (*argc > 0) ? (*argv)[0] : "");
      return FALSE;
    }

  return TRUE;
}

void
hb_cli_out (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fflush (stdout);
}

void
hb_cli_err (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
}

int
hb_cli_fail (const char *verb,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  hb_cli_err ("hassbench-cli %s: %s\n", verb, message);

  return HB_CLI_EXIT_USAGE;
}

gboolean
hb_cli_write_output (const char  *path,
                     const char  *text,
                     gsize        length,
                     GError     **error)
{
  if (g_strcmp0 (path, "-") == 0)
    {
      if (fwrite (text, 1, length, stdout) != length || fflush (stdout) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "could not write to standard output");
          return FALSE;
        }
      return TRUE;
    }

  return g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/*
 * Children.
 */
static char *program_path;

void
hb_cli_set_program (const char *argv0)
{
  g_autofree char *found = NULL;

  /* argv[0], not /proc/self/exe: under valgrind the latter is valgrind itself. */
  if (argv0 != NULL && strchr (argv0, '/') != NULL)
    found = g_canonicalize_filename (argv0, NULL);
  else if (argv0 != NULL)
    found = g_find_program_in_path (argv0);

  if (found == NULL)
    found = g_file_read_link ("/proc/self/exe", NULL);

  g_free (program_path);
  program_path = g_steal_pointer (&found);
}

void
hb_cli_result_free (HbCliResult *result)
{
  if (result == NULL)
    return;

  g_free (result->file);
  g_clear_pointer (&result->steps, g_ptr_array_unref);
  g_clear_pointer (&result->result, json_object_unref);
  g_free (result->stderr_text);
  g_clear_error (&result->spawn_error);
  g_free (result);
}

typedef struct
{
  GMainContext       *context;
  GPtrArray          *results;
  const char * const *files;
  guint               n_files;
  guint               next;
  guint               active;
  guint               jobs;
  guint               n_done;
  double              timeout;
  HbCliDoneFunc       done;
  gpointer            user_data;
} Runner;

typedef struct
{
  Runner      *runner;
  guint        index;
  GSubprocess *process;
  GSource     *timeout_source;
} Child;

static void
parse_output (HbCliResult *result,
              GBytes      *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (data == NULL || size == 0)
    return;

  text = g_strndup (data, size);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      if (lines[i][0] == '\0')
        continue;

      node = json_from_string (lines[i], NULL);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);
      if (json_object_has_member (object, "result") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "result")))
        {
          g_clear_pointer (&result->result, json_object_unref);
          result->result = json_object_ref (json_object_get_object_member (object, "result"));
        }
      else
        {
          g_ptr_array_add (result->steps, json_object_ref (object));
        }
    }
}

static void spawn_next (Runner *runner);

static void
child_finish (Child *child)
{
  Runner *runner = child->runner;
  HbCliResult *result = g_ptr_array_index (runner->results, child->index);

  if (child->timeout_source != NULL)
    {
      g_source_destroy (child->timeout_source);
      g_clear_pointer (&child->timeout_source, g_source_unref);
    }
  g_clear_object (&child->process);

  result->done = TRUE;
  result->ok = result->spawn_error == NULL && !result->timed_out && result->signal == 0 &&
               result->exit_status == 0 && result->result != NULL &&
               json_object_get_boolean_member_with_default (result->result, "ok", FALSE);

  runner->active--;
  runner->n_done++;

  if (runner->done != NULL)
    runner->done (result, child->index, runner->user_data);

  g_free (child);
  spawn_next (runner);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  Child *child = user_data;
  HbCliResult *result = g_ptr_array_index (child->runner->results, child->index);
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_finish (process, res, &out, &err, &error))
    {
      result->spawn_error = g_steal_pointer (&error);
      child_finish (child);
      return;
    }

  parse_output (result, out);

  if (err != NULL && g_bytes_get_size (err) > 0)
    {
      gsize size;
      const char *data = g_bytes_get_data (err, &size);

      /* An app may write anything on stderr; keep it printable. */
      result->stderr_text = g_utf8_make_valid (data, size);
    }

  if (g_subprocess_get_if_signaled (process))
    result->signal = g_subprocess_get_term_sig (process);
  else if (g_subprocess_get_if_exited (process))
    result->exit_status = g_subprocess_get_exit_status (process);

  child_finish (child);
}

static gboolean
child_timeout_cb (gpointer user_data)
{
  Child *child = user_data;
  HbCliResult *result = g_ptr_array_index (child->runner->results, child->index);

  /* A hung app (an endless loop in a handler): the run must still end. */
  result->timed_out = TRUE;
  g_subprocess_force_exit (child->process);
  g_clear_pointer (&child->timeout_source, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
spawn_next (Runner *runner)
{
  while (runner->active < runner->jobs && runner->next < runner->n_files)
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      guint index = runner->next++;
      HbCliResult *result = g_ptr_array_index (runner->results, index);
      Child *child;
      GSubprocess *process;

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      process = g_subprocess_launcher_spawn (launcher, &result->spawn_error, program_path,
                                             "_run-one", result->file, NULL);
      if (process == NULL)
        {
          result->done = TRUE;
          runner->n_done++;
          if (runner->done != NULL)
            runner->done (result, index, runner->user_data);
          continue;
        }

      child = g_new0 (Child, 1);
      child->runner = runner;
      child->index = index;
      child->process = process;
      runner->active++;

      if (runner->timeout > 0)
        {
          child->timeout_source = g_timeout_source_new ((guint) (runner->timeout * 1000));
          g_source_set_callback (child->timeout_source, child_timeout_cb, child, NULL);
          g_source_attach (child->timeout_source, runner->context);
        }

      g_subprocess_communicate_async (process, NULL, NULL, communicate_cb, child);
    }
}

GPtrArray *
hb_cli_run_children (const char * const *files,
                     guint               jobs,
                     double              timeout,
                     HbCliDoneFunc       done,
                     gpointer            user_data)
{
  Runner runner = { 0 };

  g_return_val_if_fail (files != NULL, NULL);
  g_return_val_if_fail (program_path != NULL, NULL);

  runner.context = g_main_context_new ();
  runner.results = g_ptr_array_new_with_free_func ((GDestroyNotify) hb_cli_result_free);
  runner.files = files;
  runner.n_files = g_strv_length ((char **) files);
  runner.jobs = MAX (jobs, 1);
  runner.timeout = timeout;
  runner.done = done;
  runner.user_data = user_data;

  for (guint i = 0; i < runner.n_files; i++)
    {
      HbCliResult *result = g_new0 (HbCliResult, 1);

      result->file = g_strdup (files[i]);
      result->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_ptr_array_add (runner.results, result);
    }

  g_main_context_push_thread_default (runner.context);
  spawn_next (&runner);
  while (runner.n_done < runner.n_files)
    g_main_context_iteration (runner.context, TRUE);
  g_main_context_pop_thread_default (runner.context);

  /* Finished GSubprocess sources may still hold the context briefly. */
  while (g_main_context_iteration (runner.context, FALSE))
    ;
  g_main_context_unref (runner.context);

  return runner.results;
}

/*
 * Reporting.
 */
static void
append_lines (GString    *out,
              const char *prefix,
              const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_string_append_printf (out, "%s%s\n", prefix, lines[i]);
    }
}

static const char *
error_message (JsonObject *object,
               const char *member)
{
  JsonObject *error;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  error = json_object_get_object_member (object, member);
  if (error == NULL)
    return NULL;

  return json_object_get_string_member_with_default (error, "message", NULL);
}

static void
append_drain_failures (GString    *out,
                       const char *prefix,
                       JsonObject *drain)
{
  JsonArray *failures;
  guint n;

  if (drain == NULL || !json_object_has_member (drain, "failures"))
    return;
  failures = json_object_get_array_member (drain, "failures");
  n = failures != NULL ? json_array_get_length (failures) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *failure = json_array_get_object_element (failures, i);
      g_autofree char *line = NULL;

      if (failure == NULL)
        continue;
      line = g_strdup_printf ("drain error: %s: %s",
                              json_object_get_string_member_with_default (failure, "task", "?"),
                              json_object_get_string_member_with_default (failure, "message",
                                                                          ""));
      append_lines (out, prefix, line);
    }
}

static void
append_pending (GString    *out,
                const char *prefix,
                JsonObject *outcome)
{
  JsonArray *pending;
  g_autoptr(GString) line = NULL;

  if (outcome == NULL || !json_object_has_member (outcome, "pending_tasks"))
    return;
  pending = json_object_get_array_member (outcome, "pending_tasks");
  if (pending == NULL || json_array_get_length (pending) == 0)
    return;

  line = g_string_new ("pending tasks:");
  for (guint i = 0; i < json_array_get_length (pending); i++)
    g_string_append_printf (line, " %s", json_array_get_string_element (pending, i));
  append_lines (out, prefix, line->str);
}

static JsonObject *
last_begun (HbCliResult *result)
{
  for (guint i = result->steps->len; i > 0; i--)
    {
      JsonObject *line = g_ptr_array_index (result->steps, i - 1);

      if (json_object_has_member (line, "begin"))
        return line;
    }

  return NULL;
}

static gboolean
line_failed (JsonObject *line)
{
  return json_object_has_member (line, "step") && json_object_has_member (line, "failure");
}

char *
hb_cli_result_describe_failure (HbCliResult *result,
                                gboolean     tap)
{
  const char *p1 = tap ? "# " : "  ";
  const char *p2 = tap ? "#   " : "    ";
  GString *out = g_string_new (NULL);
  JsonObject *begun = last_begun (result);
  const char *stage_error = error_message (result->result, "error");

  if (result->spawn_error != NULL)
    {
      g_autofree char *line = g_strdup_printf ("could not run the scenario: %s",
                                               result->spawn_error->message);
      append_lines (out, p1, line);
      return g_string_free (out, FALSE);
    }

  if (stage_error != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s",
                                               json_object_get_string_member_with_default (
                                                 result->result, "stage", "setup"),
                                               stage_error);
      append_lines (out, p1, line);
    }

  for (guint i = 0; i < result->steps->len; i++)
    {
      JsonObject *line = g_ptr_array_index (result->steps, i);
      JsonObject *outcome;
      g_autofree char *head = NULL;
      g_autofree char *happened = NULL;

      if (!line_failed (line))
        continue;

      outcome = json_object_get_object_member (line, "outcome");
      head = g_strdup_printf ("steps[%" G_GINT64_FORMAT "] %s",
                              json_object_get_int_member (line, "step"),
                              json_object_get_string_member_with_default (line, "description",
                                                                          ""));
      append_lines (out, p1, head);
      if (g_str_has_prefix (json_object_get_string_member_with_default (line, "kind", ""),
                            "expect_"))
        {
          g_autofree char *expected = g_strdup_printf ("expected: %s",
              json_object_get_string_member_with_default (line, "description", ""));
          append_lines (out, p2, expected);
        }
      happened = g_strdup_printf ("happened: %s", error_message (line, "failure"));
      append_lines (out, p2, happened);
      append_pending (out, p2, outcome);
      if (outcome != NULL && json_object_has_member (outcome, "drain"))
        append_drain_failures (out, p2, json_object_get_object_member (outcome, "drain"));
      else if (json_object_has_member (line, "last_drain"))
        append_drain_failures (out, p2, json_object_get_object_member (line, "last_drain"));
    }

  if (result->timed_out || result->signal != 0 ||
      (result->result == NULL && result->spawn_error == NULL))
    {
      g_autofree char *where = NULL;
      g_autofree char *line = NULL;

      if (begun != NULL)
        where = g_strdup_printf (" during steps[%" G_GINT64_FORMAT "] %s",
                                 json_object_get_int_member (begun, "begin"),
                                 json_object_get_string_member_with_default (begun,
                                                                             "description",
                                                                             ""));
      else
        where = g_strdup (" before the first step");

      if (result->timed_out)
        line = g_strdup_printf ("timed out%s (an endless loop in a handler?)", where);
      else if (result->signal != 0)
        line = g_strdup_printf ("crashed with signal %d (%s)%s", result->signal,
                                g_strsignal (result->signal), where);
      else
        line = g_strdup_printf ("exited with status %d without a result%s",
                                result->exit_status, where);
      append_lines (out, p1, line);

      if (result->stderr_text != NULL)
        {
          g_auto(GStrv) lines = g_strsplit (result->stderr_text, "\n", -1);
          guint n = g_strv_length (lines);
          guint first = n > 20 ? n - 20 : 0;

          append_lines (out, p1, "its last output:");
          for (guint i = first; i < n; i++)
            if (lines[i][0] != '\0')
              append_lines (out, p2, lines[i]);
        }
    }

  return g_string_free (out, FALSE);
}

JsonObject *
hb_cli_result_to_json (HbCliResult *result)
{
  JsonObject *object = json_object_new ();
  JsonArray *failures = json_array_new ();
  guint n_steps = 0;

  json_object_set_string_member (object, "file", result->file);
  json_object_set_boolean_member (object, "ok", result->ok);

  for (guint i = 0; i < result->steps->len; i++)
    {
      JsonObject *line = g_ptr_array_index (result->steps, i);

      if (json_object_has_member (line, "step"))
        n_steps++;
      if (line_failed (line))
        json_array_add_object_element (failures, json_object_ref (line));
    }

  json_object_set_int_member (object, "steps", n_steps);
  json_object_set_array_member (object, "failures", failures);
  if (result->result != NULL)
    json_object_set_object_member (object, "result", json_object_ref (result->result));
  if (result->signal != 0)
    json_object_set_int_member (object, "signal", result->signal);
  if (result->timed_out)
    json_object_set_boolean_member (object, "timed_out", TRUE);
  if (result->spawn_error != NULL)
    json_object_set_string_member (object, "spawn_error", result->spawn_error->message);
  if (!result->ok)
    {
      g_autofree char *text = hb_cli_result_describe_failure (result, FALSE);

      json_object_set_string_member (object, "why", text);
      if (result->stderr_text != NULL)
        json_object_set_string_member (object, "stderr", result->stderr_text);
    }

  return object;
}
