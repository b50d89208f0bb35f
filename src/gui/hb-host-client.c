/* hb-host-client.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "hb-host-client.h"

#define READ_CHUNK 65536

/* How long the host's lines are read at a time before the window may draw. */
#define DEFAULT_SLICE_USEC 8000

/* The pause after a slice: whatever became ready meanwhile runs then (a frame that is
 * due: its stages, one dispatch each, then the paint; input), and the lines go on at
 * default priority, which nothing starves. */
#define YIELD_MSEC 4

struct _HbHostClient
{
  GObject        parent_instance;

  GStrv          argv;
  GSubprocess   *process;
  GOutputStream *stdin_pipe;
  GInputStream  *stdout_pipe;
  GInputStream  *stderr_pipe;
  GCancellable  *cancellable;

  GString       *out_buf;
  GString       *err_buf;
  guint          resume_id;     /* the next slice of stdout lines */
  guint          slice_usec;
  gint64         slice_start;   /* monotonic: when the current slice began */
  gint64         slice_end;     /* when lines were last handled */
  gboolean       stdout_done;   /* at EOF: what is left in out_buf is the last */
  GQueue         write_queue;   /* GBytes waiting to be written, oldest first */
  gboolean       writing;

  GHashTable    *pending;       /* id -> GTask */
  gint64         next_id;

  /* The process has ended once all three are done: wait, stdout EOF, stderr EOF. */
  guint          n_open;
  gboolean       running;
  int            exit_signal;
  int            exit_status;
  char          *crash_task;
  char          *last_method;
  gboolean       hung;
};

typedef struct
{
  gint64   id;
  char    *method;
  guint    deadline_id;
} Call;

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  OBSERVATIONS,
  EXITED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HbHostClient, hb_host_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (hb-host-error-quark, hb_host_error)

static void read_stdout (HbHostClient *self);
static void read_stderr (HbHostClient *self);

static void
call_free (Call *call)
{
  g_clear_handle_id (&call->deadline_id, g_source_remove);
  g_free (call->method);
  g_free (call);
}

static void
fail_all_pending (HbHostClient *self)
{
  g_autoptr(GList) tasks = NULL;
  g_autofree char *why = hb_host_client_describe_exit (self);

  tasks = g_hash_table_get_values (self->pending);
  g_hash_table_steal_all (self->pending);

  for (GList *l = tasks; l != NULL; l = l->next)
    {
      g_autoptr(GTask) task = l->data;

      g_task_return_new_error (task, HB_HOST_ERROR, HB_HOST_ERROR_DIED, "%s", why);
    }
}

static void
maybe_finish_exit (HbHostClient *self)
{
  g_assert (self->n_open > 0);

  if (--self->n_open > 0)
    return;

  self->running = FALSE;
  fail_all_pending (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[EXITED], 0);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HbHostClient) self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);

  /* The result only says whether waiting worked; the status is read below. */
  g_subprocess_wait_finish (process, result, NULL);

  if (g_subprocess_get_if_signaled (process))
    self->exit_signal = g_subprocess_get_term_sig (process);
  else if (g_subprocess_get_if_exited (process))
    self->exit_status = g_subprocess_get_exit_status (process);

  maybe_finish_exit (self);
}

static void
handle_response (HbHostClient *self,
                 JsonObject   *object)
{
  gint64 id = json_object_get_int_member_with_default (object, "id", 0);
  g_autoptr(GTask) task = NULL;

  if (!g_hash_table_steal_extended (self->pending, &id, NULL, (gpointer *) &task))
    {
      g_warning ("The app host answered request %" G_GINT64_FORMAT ", which is not pending", id);
      return;
    }

  if (json_object_has_member (object, "error"))
    {
      JsonObject *err = json_object_get_object_member (object, "error");
      const char *message = err != NULL
        ? json_object_get_string_member_with_default (err, "message", _("unknown error"))
        : _("unknown error");

      g_task_return_new_error (task, HB_HOST_ERROR, HB_HOST_ERROR_REMOTE, "%s", message);
    }
  else
    {
      JsonObject *res = json_object_get_object_member (object, "result");

      g_task_return_pointer (task,
                             res != NULL ? json_object_ref (res) : json_object_new (),
                             (GDestroyNotify) json_object_unref);
    }
}

static JsonObject *
log_observation (const char *level,
                 const char *message)
{
  JsonObject *obs = json_object_new ();

  json_object_set_string_member (obs, "event", "log");
  json_object_set_string_member (obs, "level", level);
  json_object_set_string_member (obs, "domain", "hassbench-host");
  json_object_set_string_member (obs, "message", message);
  return obs;
}

/* @parser is reused from line to line: a parser per line cost more than the parse. */
static JsonObject *
parse_line (JsonParser  *parser,
            const char  *line,
            GError     **error)
{
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, HB_HOST_ERROR, HB_HOST_ERROR_PROTOCOL,
                           _("expected a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Splits @buf into complete lines, leaving a partial last line in it. */
static GPtrArray *
take_lines (GString *buf)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  gsize start = 0;

  for (gsize i = 0; i < buf->len; i++)
    {
      if (buf->str[i] != '\n')
        continue;
      if (i > start)
        g_ptr_array_add (lines, g_strndup (buf->str + start, i - start));
      start = i + 1;
    }
  g_string_erase (buf, 0, start);

  return lines;
}

/*
 * Handles the complete lines at the start of out_buf, in order, for at most a slice:
 * a host can write faster than the window takes its lines in, and the window must still
 * draw. Observations go out as one batch per slice, and always before a response (a call
 * completes after the models saw what it did). Returns whether no complete line is left.
 */
static gboolean
process_stdout_lines (HbHostClient *self)
{
  g_autoptr(HbHostClient) keep = g_object_ref (self);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gint64 until = self->slice_start + self->slice_usec;
  gboolean done = TRUE;
  gsize pos = 0;

  for (guint n = 1; ; n++)
    {
      char *line = self->out_buf->str + pos;
      char *end = memchr (line, '\n', self->out_buf->len - pos);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) object = NULL;

      if (end == NULL)
        break;
      if (n % 16 == 0 && g_get_monotonic_time () >= until)
        {
          done = FALSE;
          break;
        }
      pos = end + 1 - self->out_buf->str;
      if (end == line)
        continue;

      *end = '\0';
      object = parse_line (parser, line, &error);
      if (object == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("protocol error (%s): %.200s"),
                                                  error->message, line);
          g_ptr_array_add (batch, log_observation ("warning", msg));
        }
      else if (json_object_has_member (object, "id"))
        {
          if (batch->len > 0)
            {
              g_signal_emit (self, signals[OBSERVATIONS], 0, batch);
              g_ptr_array_set_size (batch, 0);
            }
          handle_response (self, object);
        }
      else
        g_ptr_array_add (batch, g_steal_pointer (&object));
    }

  g_string_erase (self->out_buf, 0, pos);
  if (batch->len > 0)
    g_signal_emit (self, signals[OBSERVATIONS], 0, batch);
  self->slice_end = g_get_monotonic_time ();
  return done;
}

static gboolean resume_stdout_cb (gpointer user_data);

/*
 * Goes on with the host's lines: the next read, or, once a slice is used up (in the
 * middle of a read or over several), the rest after a pause in which the window has its
 * turn. (An idle below drawing instead was starved in the running application, whose
 * frame clock is rarely idle while a spinner turns.)
 */
static void
go_on_with_stdout (HbHostClient *self,
                   gboolean      yielded)
{
  gboolean done = process_stdout_lines (self);

  if (done && self->stdout_done)
    maybe_finish_exit (self);
  else if (done && (yielded || self->slice_end < self->slice_start + self->slice_usec))
    read_stdout (self);
  else if (self->resume_id == 0)
    self->resume_id = g_timeout_add_full (G_PRIORITY_DEFAULT, YIELD_MSEC, resume_stdout_cb,
                                          g_object_ref (self), g_object_unref);
}

static gboolean
resume_stdout_cb (gpointer user_data)
{
  HbHostClient *self = user_data;

  self->resume_id = 0;
  self->slice_start = g_get_monotonic_time ();
  go_on_with_stdout (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
process_stderr_lines (HbHostClient *self)
{
  g_autoptr(GPtrArray) lines = take_lines (self->err_buf);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autoptr(JsonObject) object = NULL;

      if (line[0] == '{')
        object = parse_line (parser, line, NULL);

      if (object != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "event", ""),
                     "crash") == 0)
        {
          g_free (self->crash_task);
          self->crash_task = g_strdup (json_object_get_string_member_with_default (object,
                                                                                   "task",
                                                                                   NULL));
          continue;
        }

      g_ptr_array_add (batch, log_observation ("stderr", line));
    }

  if (batch->len > 0)
    g_signal_emit (self, signals[OBSERVATIONS], 0, batch);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HbHostClient) self = user_data;
  gboolean is_stdout = G_INPUT_STREAM (object) == self->stdout_pipe;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  /* Reads that follow each other share a slice; after a pause, a new one begins. */
  if (is_stdout && g_get_monotonic_time () - self->slice_end >= self->slice_usec)
    self->slice_start = g_get_monotonic_time ();

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading from the app host failed: %s", error->message);

      /* Flush a last line without a newline. */
      g_string_append_c (is_stdout ? self->out_buf : self->err_buf, '\n');
      if (is_stdout)
        {
          self->stdout_done = TRUE;
          go_on_with_stdout (self, FALSE);
          return;
        }
      process_stderr_lines (self);
      maybe_finish_exit (self);
      return;
    }

  g_string_append_len (is_stdout ? self->out_buf : self->err_buf,
                       g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (is_stdout)
    go_on_with_stdout (self, FALSE);
  else
    {
      process_stderr_lines (self);
      read_stderr (self);
    }
}

static void
read_stdout (HbHostClient *self)
{
  g_input_stream_read_bytes_async (self->stdout_pipe, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->cancellable, read_cb, g_object_ref (self));
}

static void
read_stderr (HbHostClient *self)
{
  g_input_stream_read_bytes_async (self->stderr_pipe, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->cancellable, read_cb, g_object_ref (self));
}

static void write_next (HbHostClient *self);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HbHostClient) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* The host is gone; its exit fails the pending calls. */
      g_debug ("Writing to the app host failed: %s", error->message);
      g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
      return;
    }

  write_next (self);
}

static void
write_next (HbHostClient *self)
{
  g_autoptr(GBytes) bytes = NULL;

  if (self->writing || self->stdin_pipe == NULL)
    return;

  bytes = g_queue_pop_head (&self->write_queue);
  if (bytes == NULL)
    return;

  self->writing = TRUE;
  g_output_stream_write_all_async (self->stdin_pipe,
                                   g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, self->cancellable,
                                   write_cb, g_object_ref (self));
  /* write_all_async reads the buffer until it completes: keep it alive in the task. */
  g_object_set_data_full (G_OBJECT (self), "hb-writing-bytes", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
}

static void
hb_host_client_dispose (GObject *object)
{
  HbHostClient *self = HB_HOST_CLIENT (object);

  hb_host_client_terminate (self);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (hb_host_client_parent_class)->dispose (object);
}

static void
hb_host_client_finalize (GObject *object)
{
  HbHostClient *self = HB_HOST_CLIENT (object);

  g_strfreev (self->argv);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_string_free (self->out_buf, TRUE);
  g_string_free (self->err_buf, TRUE);
  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  g_hash_table_unref (self->pending);
  g_free (self->crash_task);
  g_free (self->last_method);

  G_OBJECT_CLASS (hb_host_client_parent_class)->finalize (object);
}

static void
hb_host_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HbHostClient *self = HB_HOST_CLIENT (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_host_client_class_init (HbHostClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_host_client_dispose;
  object_class->finalize = hb_host_client_finalize;
  object_class->get_property = hb_host_client_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OBSERVATIONS] =
    g_signal_new ("observations", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  signals[EXITED] =
    g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
hb_host_client_init (HbHostClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->out_buf = g_string_new (NULL);
  self->err_buf = g_string_new (NULL);
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_object_unref);
  self->next_id = 1;
  self->slice_usec = DEFAULT_SLICE_USEC;
}

HbHostClient *
hb_host_client_new (const char * const *argv)
{
  HbHostClient *self;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  self = g_object_new (HB_TYPE_HOST_CLIENT, NULL);
  self->argv = g_strdupv ((char **) argv);
  return self;
}

gboolean
hb_host_client_spawn (HbHostClient  *self,
                      GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), FALSE);
  g_return_val_if_fail (self->process == NULL, FALSE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) self->argv,
                                                error);
  if (self->process == NULL)
    {
      g_prefix_error (error, _("Could not start the app host %s: "), self->argv[0]);
      return FALSE;
    }

  self->stdin_pipe = g_subprocess_get_stdin_pipe (self->process);
  self->stdout_pipe = g_subprocess_get_stdout_pipe (self->process);
  self->stderr_pipe = g_subprocess_get_stderr_pipe (self->process);
  self->running = TRUE;
  self->n_open = 3;

  g_subprocess_wait_async (self->process, NULL, wait_cb, g_object_ref (self));
  read_stdout (self);
  read_stderr (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

static gboolean
deadline_cb (gpointer user_data)
{
  GTask *task = user_data;
  HbHostClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GTask) owned = NULL;

  call->deadline_id = 0;

  if (!g_hash_table_steal_extended (self->pending, &call->id, NULL, (gpointer *) &owned))
    return G_SOURCE_REMOVE;

  self->hung = TRUE;
  g_free (self->last_method);
  self->last_method = g_strdup (call->method);
  g_task_return_new_error (owned, HB_HOST_ERROR, HB_HOST_ERROR_HUNG,
                           /* Translators: the second %s is empty or "; it was running TASK" */
                           _("The app host did not answer '%s' in time and was stopped%s%s."),
                           call->method,
                           self->crash_task ? _("; it was running ") : "",
                           self->crash_task ? self->crash_task : "");
  hb_host_client_terminate (self);

  return G_SOURCE_REMOVE;
}

void
hb_host_client_call_async (HbHostClient        *self,
                           const char          *method,
                           JsonObject          *params,
                           double               deadline,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  Call *call;
  char *text;
  gsize len;

  g_return_if_fail (HB_IS_HOST_CLIENT (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hb_host_client_call_async);

  if (!self->running)
    {
      g_autofree char *why = hb_host_client_describe_exit (self);

      g_task_return_new_error (task, HB_HOST_ERROR, HB_HOST_ERROR_DIED, "%s", why);
      return;
    }

  call = g_new0 (Call, 1);
  call->id = self->next_id++;
  call->method = g_strdup (method);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  g_free (self->last_method);
  self->last_method = g_strdup (method);

  json_object_set_int_member (request, "id", call->id);
  json_object_set_string_member (request, "method", method);
  if (params != NULL)
    json_object_set_object_member (request, "params", json_object_ref (params));

  root = json_node_init_object (json_node_alloc (), request);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  text = g_realloc (text, len + 2);
  text[len] = '\n';
  text[len + 1] = '\0';

  if (deadline > 0)
    call->deadline_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) (deadline * 1000),
                                            deadline_cb, task, NULL);

  g_hash_table_insert (self->pending, &call->id, g_object_ref (task));
  g_queue_push_tail (&self->write_queue, g_bytes_new_take (text, len + 1));
  write_next (self);
}

JsonObject *
hb_host_client_call_finish (HbHostClient  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
hb_host_client_terminate (HbHostClient *self)
{
  g_return_if_fail (HB_IS_HOST_CLIENT (self));

  if (self->process != NULL && self->running)
    g_subprocess_force_exit (self->process);
}

gboolean
hb_host_client_get_running (HbHostClient *self)
{
  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), FALSE);
  return self->running;
}

int
hb_host_client_get_exit_signal (HbHostClient *self)
{
  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), 0);
  return self->exit_signal;
}

int
hb_host_client_get_exit_status (HbHostClient *self)
{
  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), 0);
  return self->exit_status;
}

const char *
hb_host_client_get_crash_task (HbHostClient *self)
{
  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), NULL);
  return self->crash_task;
}

const char *
hb_host_client_get_last_method (HbHostClient *self)
{
  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), NULL);
  return self->last_method;
}

char *
hb_host_client_describe_exit (HbHostClient *self)
{
  /* Translators: the start of a sentence that the strings below complete. */
  GString *str = g_string_new (_("The app host "));

  g_return_val_if_fail (HB_IS_HOST_CLIENT (self), NULL);

  if (self->running)
    g_string_append (str, _("is running"));
  else if (self->hung)
    g_string_append (str, _("stopped answering and was stopped"));
  else if (self->exit_signal != 0)
    g_string_append_printf (str, _("was killed by signal %d (%s)"),
                            self->exit_signal, g_strsignal (self->exit_signal));
  else if (self->process == NULL)
    g_string_append (str, _("is not running"));
  else
    g_string_append_printf (str, _("exited with status %d"), self->exit_status);

  if (self->crash_task != NULL)
    g_string_append_printf (str, _(" while running %s"), self->crash_task);
  if (self->last_method != NULL && !self->running)
    g_string_append_printf (str, _(" during '%s'"), self->last_method);
  g_string_append_c (str, '.');

  return g_string_free (str, FALSE);
}

void
hb_host_client_set_slice (HbHostClient *self,
                          guint         usec)
{
  g_return_if_fail (HB_IS_HOST_CLIENT (self));

  self->slice_usec = usec;
}
