/* hb-session-journal.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "hb-session-journal.h"

struct _HbSessionJournal
{
  GObject    parent_instance;

  HbSession *session;   /* weak: the journal lives as long as its window's session */
  GFile     *file;
  gboolean   written;
};

G_DEFINE_FINAL_TYPE (HbSessionJournal, hb_session_journal, G_TYPE_OBJECT)

GFile *
hb_session_journal_get_dir (void)
{
  return g_file_new_build_filename (g_get_user_state_dir (), "hassbench", "journal", NULL);
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

  if (!hb_session_save (self->session, self->file, error))
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

static void
hb_session_journal_dispose (GObject *object)
{
  HbSessionJournal *self = HB_SESSION_JOURNAL (object);

  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
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

  if (self->written)
    g_file_delete (self->file, NULL, NULL);
  self->written = FALSE;
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
