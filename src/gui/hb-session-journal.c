/* hb-session-journal.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <hassbench.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "hb-json-item.h"
#include "hb-session-journal.h"

#define WORKBENCH_FORMAT "hassbench-workbench-journal"
#define WORKBENCH_SUFFIX ".workbench.json"

struct _HbSessionJournal
{
  GObject    parent_instance;

  HbSession *session;   /* weak: the journal lives as long as its window's session */
  GFile     *file;
  gboolean   written;
  guint      idle_id;   /* a write after an edit made outside an operation */
};

G_DEFINE_FINAL_TYPE (HbSessionJournal, hb_session_journal, G_TYPE_OBJECT)

GFile *
hb_session_journal_get_dir (void)
{
  return g_file_new_build_filename (g_get_user_state_dir (), "hassbench", "journal", NULL);
}

GFile *
hb_session_journal_get_sidecar (GFile *journal)
{
  g_autofree char *name = NULL;
  g_autofree char *sidecar = NULL;
  g_autoptr(GFile) parent = NULL;

  g_return_val_if_fail (G_IS_FILE (journal), NULL);

  name = g_file_get_basename (journal);
  sidecar = g_strconcat (name, WORKBENCH_SUFFIX, NULL);
  parent = g_file_get_parent (journal);
  return g_file_get_child (parent, sidecar);
}

/* {"step", "enabled", "outcome"}: what a restore needs of a steps row. */
static JsonObject *
kept_row (JsonObject *row)
{
  JsonObject *kept = json_object_new ();
  JsonNode *outcome = json_object_get_member (row, "outcome");

  json_object_set_object_member (kept, "step",
                                 json_object_ref (json_object_get_object_member (row, "step")));
  json_object_set_boolean_member (kept, "enabled",
                                  json_object_get_boolean_member_with_default (row, "enabled",
                                                                               TRUE));
  if (outcome != NULL && JSON_NODE_HOLDS_OBJECT (outcome))
    json_object_set_member (kept, "outcome", json_node_copy (outcome));
  else
    json_object_set_null_member (kept, "outcome");
  return kept;
}

static JsonArray *
kept_rows (GListModel *model)
{
  JsonArray *rows = json_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);

      json_array_add_object_element (rows, kept_row (hb_json_item_get_data (item)));
    }
  return rows;
}

JsonObject *
hb_session_journal_dup_workbench (HbSession *session)
{
  JsonObject *state = json_object_new ();
  g_autoptr(GListModel) alternative = NULL;

  g_return_val_if_fail (HB_IS_SESSION (session), NULL);

  json_object_set_string_member (state, "format", WORKBENCH_FORMAT);
  json_object_set_int_member (state, "version", 1);
  json_object_set_array_member (state, "steps", kept_rows (hb_session_get_steps (session)));
  json_object_set_int_member (state, "cursor", hb_session_get_cursor (session));

  alternative = hb_session_dup_alternative (session);
  if (g_list_model_get_n_items (alternative) > 0)
    {
      JsonObject *branch = json_object_new ();

      json_object_set_int_member (branch, "at", hb_session_get_alternative_at (session));
      json_object_set_array_member (branch, "steps", kept_rows (alternative));
      json_object_set_object_member (state, "alternative", branch);
    }
  else
    json_object_set_null_member (state, "alternative");
  return state;
}

static gboolean
write_workbench (HbSession  *session,
                 GFile      *journal,
                 GError    **error)
{
  g_autoptr(GFile) sidecar = hb_session_journal_get_sidecar (journal);
  g_autoptr(JsonObject) state = hb_session_journal_dup_workbench (session);
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), state);
  g_autofree char *text = json_to_string (root, TRUE);

  /* An atomic replace: a kill mid-write leaves the previous sidecar whole. */
  return g_file_replace_contents (sidecar, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

gboolean
hb_session_journal_write (HbSessionJournal  *self,
                          GError           **error)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HB_IS_SESSION_JOURNAL (self), FALSE);

  if (self->session == NULL || hb_session_get_app (self->session) == NULL)
    return TRUE;

  dir = g_file_get_parent (self->file);
  if (!g_file_make_directory_with_parents (dir, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The sidecar first: a kill between the two writes leaves a sidecar ahead of the
   * scenario, which the restore sees (the steps differ) and says so. */
  if (!write_workbench (self->session, self->file, error) ||
      !hb_session_save (self->session, self->file, error))
    return FALSE;

  self->written = TRUE;
  return TRUE;
}

/* An operation finished (busy went false): the session may have a new step. */
static void
busy_changed_cb (HbSession        *session,
                 GParamSpec       *pspec,
                 HbSessionJournal *self)
{
  g_autoptr(GError) error = NULL;

  if (hb_session_get_busy (session))
    return;

  if (!hb_session_journal_write (self, &error))
    g_warning ("Could not journal the session: %s", error->message);
}

static gboolean
idle_write_cb (gpointer user_data)
{
  HbSessionJournal *self = user_data;
  g_autoptr(GError) error = NULL;

  self->idle_id = 0;
  /* A run in progress is journalled when it ends. */
  if (self->session == NULL || hb_session_get_busy (self->session))
    return G_SOURCE_REMOVE;
  if (!hb_session_journal_write (self, &error))
    g_warning ("Could not journal the session: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* Edits (enable, disable, move, discarding the alternative) change the session without
 * an operation: journal them too, once per burst of changes. */
static void
schedule_write (HbSessionJournal *self)
{
  if (self->idle_id == 0 && self->session != NULL && !hb_session_get_busy (self->session))
    self->idle_id = g_idle_add (idle_write_cb, self);
}

static void
row_changed_cb (GObject          *item,
                GParamSpec       *pspec,
                HbSessionJournal *self)
{
  schedule_write (self);
}

static void
watch_rows (HbSessionJournal *self,
            GListModel       *steps,
            guint             position,
            guint             n_added)
{
  for (guint i = position; i < position + n_added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (steps, i);

      /* A moved row comes back: watch it once. */
      g_signal_handlers_disconnect_by_func (item, row_changed_cb, self);
      g_signal_connect_object (item, "notify::data", G_CALLBACK (row_changed_cb), self, 0);
    }
}

static void
steps_changed_cb (GListModel       *steps,
                  guint             position,
                  guint             removed,
                  guint             added,
                  HbSessionJournal *self)
{
  watch_rows (self, steps, position, added);
  schedule_write (self);
}

static void
session_changed_cb (HbSession        *session,
                    GParamSpec       *pspec,
                    HbSessionJournal *self)
{
  schedule_write (self);
}

static void
hb_session_journal_dispose (GObject *object)
{
  HbSessionJournal *self = HB_SESSION_JOURNAL (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);

  if (self->session != NULL)
    {
      GListModel *steps = hb_session_get_steps (self->session);

      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (steps, self);
      for (guint i = 0; i < g_list_model_get_n_items (steps); i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (steps, i);

          g_signal_handlers_disconnect_by_data (item, self);
        }
      g_object_remove_weak_pointer (G_OBJECT (self->session), (gpointer *) &self->session);
      self->session = NULL;
    }

  G_OBJECT_CLASS (hb_session_journal_parent_class)->dispose (object);
}

static void
hb_session_journal_finalize (GObject *object)
{
  HbSessionJournal *self = HB_SESSION_JOURNAL (object);

  g_clear_object (&self->file);

  G_OBJECT_CLASS (hb_session_journal_parent_class)->finalize (object);
}

static void
hb_session_journal_class_init (HbSessionJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hb_session_journal_dispose;
  object_class->finalize = hb_session_journal_finalize;
}

static void
hb_session_journal_init (HbSessionJournal *self)
{
}

HbSessionJournal *
hb_session_journal_new (HbSession *session)
{
  static guint counter;
  HbSessionJournal *self;
  g_autoptr(GFile) dir = hb_session_journal_get_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *name = NULL;

  g_return_val_if_fail (HB_IS_SESSION (session), NULL);

  self = g_object_new (HB_TYPE_SESSION_JOURNAL, NULL);
  self->session = session;
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &self->session);
  /* Unique per process and window: two workbenches never share a journal. */
  name = g_strdup_printf ("session-%s-%d-%u.hbscenario.json", stamp, (int) getpid (), ++counter);
  self->file = g_file_get_child (dir, name);
  g_signal_connect (session, "notify::busy", G_CALLBACK (busy_changed_cb), self);
  g_signal_connect (session, "notify::n-alternative", G_CALLBACK (session_changed_cb), self);
  g_signal_connect (hb_session_get_steps (session), "items-changed",
                    G_CALLBACK (steps_changed_cb), self);
  watch_rows (self, hb_session_get_steps (session), 0,
              g_list_model_get_n_items (hb_session_get_steps (session)));

  return self;
}

GFile *
hb_session_journal_get_file (HbSessionJournal *self)
{
  g_return_val_if_fail (HB_IS_SESSION_JOURNAL (self), NULL);
  return self->file;
}

void
hb_session_journal_discard (HbSessionJournal *self)
{
  g_return_if_fail (HB_IS_SESSION_JOURNAL (self));

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->written)
    hb_session_journal_delete (self->file);
  self->written = FALSE;
}

void
hb_session_journal_delete (GFile *journal)
{
  g_autoptr(GFile) sidecar = NULL;

  g_return_if_fail (G_IS_FILE (journal));

  sidecar = hb_session_journal_get_sidecar (journal);
  g_file_delete (journal, NULL, NULL);
  g_file_delete (sidecar, NULL, NULL);
}

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError    **error,
         GFile      *file,
         const char *format,
         ...)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE, "%s: %s", name, what);
  return FALSE;
}

/* Each kept row: {"step": object, "enabled": boolean (optional), "outcome": object or null
 * (optional)}. */
static gboolean
check_rows (JsonObject  *parent,
            const char  *where,
            GFile       *sidecar,
            GError     **error)
{
  JsonNode *node = json_object_get_member (parent, "steps");
  JsonArray *rows;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, sidecar, _("“%s” must be an array of steps"), where);

  rows = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *element = json_array_get_element (rows, i);
      JsonObject *row;
      JsonNode *member;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return invalid (error, sidecar, _("“%s[%u]” must be an object"), where, i);
      row = json_node_get_object (element);
      member = json_object_get_member (row, "step");
      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, sidecar, _("“%s[%u].step” must be an object"), where, i);
      member = json_object_get_member (row, "enabled");
      if (member != NULL && (!JSON_NODE_HOLDS_VALUE (member) ||
                             json_node_get_value_type (member) != G_TYPE_BOOLEAN))
        return invalid (error, sidecar, _("“%s[%u].enabled” must be true or false"), where, i);
      member = json_object_get_member (row, "outcome");
      if (member != NULL && !JSON_NODE_HOLDS_NULL (member) && !JSON_NODE_HOLDS_OBJECT (member))
        return invalid (error, sidecar, _("“%s[%u].outcome” must be an object or null"),
                        where, i);
    }
  return TRUE;
}

/* An integer member within 0..@max. */
static gboolean
check_count (JsonObject  *object,
             const char  *member,
             const char  *where,
             guint        max,
             GFile       *sidecar,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0 || json_node_get_int (node) > max)
    return invalid (error, sidecar, _("“%s” must be a whole number from 0 to %u"), where, max);
  return TRUE;
}

JsonObject *
hb_session_journal_read_workbench (GFile   *journal,
                                   GError **error)
{
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) scenario_root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *state;
  JsonNode *node;
  JsonArray *rows;
  JsonArray *steps;
  guint n_enabled = 0;

  g_return_val_if_fail (G_IS_FILE (journal), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sidecar = hb_session_journal_get_sidecar (journal);
  if (!g_file_query_exists (sidecar, NULL))
    {
      g_autofree char *name = g_file_get_parse_name (sidecar);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s: the file is missing"), name);
      return NULL;
    }

  /* Bad JSON: the message already names the file, line and column. */
  root = hb_json_from_file (sidecar, &local_error);
  if (root == NULL)
    {
      g_set_error_literal (error, HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE,
                           local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid (error, sidecar, _("the workbench state must be a JSON object"));
      return NULL;
    }
  state = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (state, "format", NULL),
                 WORKBENCH_FORMAT) != 0)
    {
      invalid (error, sidecar, _("“format” must be “%s”"), WORKBENCH_FORMAT);
      return NULL;
    }
  if (json_object_get_int_member_with_default (state, "version", 0) != 1)
    {
      invalid (error, sidecar, _("“version” must be 1"));
      return NULL;
    }
  if (!check_rows (state, "steps", sidecar, error))
    return NULL;
  rows = json_object_get_array_member (state, "steps");
  if (!check_count (state, "cursor", "cursor", json_array_get_length (rows), sidecar, error))
    return NULL;

  node = json_object_get_member (state, "alternative");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *branch;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          invalid (error, sidecar, _("“alternative” must be an object or null"));
          return NULL;
        }
      branch = json_node_get_object (node);
      if (!check_rows (branch, "alternative.steps", sidecar, error) ||
          !check_count (branch, "at", "alternative.at", json_array_get_length (rows), sidecar,
                        error))
        return NULL;
    }

  /* The scenario beside it must hold exactly the enabled steps. */
  scenario_root = hb_json_from_file (journal, &local_error);
  if (scenario_root == NULL)
    {
      g_set_error_literal (error, HB_SESSION_ERROR, HB_SESSION_ERROR_INVALID_FILE,
                           local_error->message);
      return NULL;
    }
  node = JSON_NODE_HOLDS_OBJECT (scenario_root)
    ? json_object_get_member (json_node_get_object (scenario_root), "steps") : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, journal, _("the scenario has no “steps” array"));
      return NULL;
    }
  steps = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonNode *step = json_object_get_member (row, "step");

      if (!json_object_get_boolean_member_with_default (row, "enabled", TRUE))
        continue;
      if (n_enabled >= json_array_get_length (steps) ||
          !hb_json_equal (step, json_array_get_element (steps, n_enabled)))
        {
          g_autofree char *scenario_name = g_file_get_basename (journal);

          invalid (error, sidecar,
                   _("its steps do not match the scenario %s (step %u differs): it belongs "
                     "to another state of the session"), scenario_name, n_enabled + 1);
          return NULL;
        }
      n_enabled++;
    }
  if (n_enabled != json_array_get_length (steps))
    {
      g_autofree char *scenario_name = g_file_get_basename (journal);

      invalid (error, sidecar,
               _("it has %u enabled steps, the scenario %s has %u: it belongs to another "
                 "state of the session"),
               n_enabled, scenario_name, json_array_get_length (steps));
      return NULL;
    }

  return json_object_ref (state);
}

/* A journal is an orphan when the process named in it ("session-STAMP-PID-N") is gone. */
static gboolean
writer_is_alive (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "-", -1);
  gint64 pid;

  if (g_strv_length (parts) < 4)
    return FALSE;
  pid = g_ascii_strtoll (parts[2], NULL, 10);
  if (pid <= 0)
    return FALSE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  g_autofree char *na = g_file_get_basename (*(GFile **) a);
  g_autofree char *nb = g_file_get_basename (*(GFile **) b);

  /* Names start with a UTC time stamp: text order is time order. */
  return -g_strcmp0 (na, nb);
}

GPtrArray *
hb_session_journal_find_orphans (void)
{
  g_autoptr(GFile) dir = hb_session_journal_get_dir ();
  g_autoptr(GFileEnumerator) children = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  GFileInfo *info;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (children == NULL)
    return found;

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_str_has_prefix (name, "session-") && g_str_has_suffix (name, ".hbscenario.json") &&
          !writer_is_alive (name))
        g_ptr_array_add (found, g_file_get_child (dir, name));
      g_object_unref (info);
    }

  g_ptr_array_sort (found, compare_newest_first);
  return found;
}
