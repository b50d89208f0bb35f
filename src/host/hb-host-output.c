/* hb-host-output.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hb-host-output.h"

#include <errno.h>
#include <unistd.h>

#include <hassbench.h>

struct _HbHostOutput
{
  GObject   parent_instance;

  int       fd;
  guint     interval_ms;

  /* Everything below is shared with the flusher thread and log writers: lock first. */
  GMutex    lock;
  GCond     cond;
  GString  *buf;            /* complete lines not written yet */
  gint64    pending_since;  /* monotonic time the oldest buffered line came; 0: none */
  gboolean  stopping;
  gboolean  broken;
  gboolean  flusher_idle;   /* the flusher waits without a deadline: wake it for new lines */
  GThread  *thread;
};

G_DEFINE_FINAL_TYPE (HbHostOutput, hb_host_output, G_TYPE_OBJECT)

/* Called with the lock held. Holding it while write(2) blocks is deliberate: a
 * workbench that reads slowly slows the host down instead of letting the buffer grow. */
static void
write_locked (HbHostOutput *self)
{
  gsize done = 0;

  while (done < self->buf->len && !self->broken)
    {
      ssize_t n = write (self->fd, self->buf->str + done, self->buf->len - done);

      if (n >= 0)
        done += (gsize) n;
      else if (errno != EINTR && errno != EAGAIN)
        self->broken = TRUE;
    }

  g_string_truncate (self->buf, 0);
  self->pending_since = 0;
}

static gpointer
flusher_thread (gpointer data)
{
  HbHostOutput *self = data;

  g_mutex_lock (&self->lock);

  while (!self->stopping)
    {
      gint64 due;

      if (self->pending_since == 0)
        {
          self->flusher_idle = TRUE;
          g_cond_wait (&self->cond, &self->lock);
          self->flusher_idle = FALSE;
          continue;
        }

      due = self->pending_since + (gint64) self->interval_ms * G_TIME_SPAN_MILLISECOND;
      if (g_get_monotonic_time () >= due)
        write_locked (self);
      else
        g_cond_wait_until (&self->cond, &self->lock, due);
    }

  g_mutex_unlock (&self->lock);

  return NULL;
}

static void
hb_host_output_finalize (GObject *object)
{
  HbHostOutput *self = HB_HOST_OUTPUT (object);

  hb_host_output_close (self);

  g_string_free (self->buf, TRUE);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (hb_host_output_parent_class)->finalize (object);
}

static void
hb_host_output_class_init (HbHostOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hb_host_output_finalize;
}

static void
hb_host_output_init (HbHostOutput *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->buf = g_string_sized_new (16384);
}

HbHostOutput *
hb_host_output_new (int   fd,
                    guint flush_interval_ms)
{
  HbHostOutput *self;

  g_return_val_if_fail (fd >= 0, NULL);

  self = g_object_new (HB_TYPE_HOST_OUTPUT, NULL);
  self->fd = fd;
  self->interval_ms = flush_interval_ms;

  if (flush_interval_ms > 0)
    self->thread = g_thread_new ("hb-host-flush", flusher_thread, self);

  return self;
}

void
hb_host_output_add (HbHostOutput *self,
                    JsonObject   *object)
{
  g_autofree char *text = NULL;

  g_return_if_fail (HB_IS_HOST_OUTPUT (self));
  g_return_if_fail (object != NULL);

  /* Serialised outside the lock: only the append is shared. hb-json writes control
   * characters escaped, so a line never contains a raw newline. */
  text = hb_json_object_to_string (object);

  g_mutex_lock (&self->lock);
  if (!self->broken)
    {
      g_string_append (self->buf, text);
      g_string_append_c (self->buf, '\n');
      /* Waking the flusher costs a context switch: only when it sleeps without a
       * deadline. While armed it finds the new lines when its deadline comes. */
      if (self->pending_since == 0)
        {
          self->pending_since = g_get_monotonic_time ();
          if (self->flusher_idle)
            g_cond_signal (&self->cond);
        }
    }
  g_mutex_unlock (&self->lock);
}

gboolean
hb_host_output_flush (HbHostOutput *self)
{
  gboolean ok;

  g_return_val_if_fail (HB_IS_HOST_OUTPUT (self), FALSE);

  g_mutex_lock (&self->lock);
  if (self->buf->len > 0)
    write_locked (self);
  ok = !self->broken;
  g_mutex_unlock (&self->lock);

  return ok;
}

gboolean
hb_host_output_is_broken (HbHostOutput *self)
{
  gboolean broken;

  g_return_val_if_fail (HB_IS_HOST_OUTPUT (self), TRUE);

  g_mutex_lock (&self->lock);
  broken = self->broken;
  g_mutex_unlock (&self->lock);

  return broken;
}

void
hb_host_output_close (HbHostOutput *self)
{
  GThread *thread;

  g_return_if_fail (HB_IS_HOST_OUTPUT (self));

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);

  if (thread != NULL)
    g_thread_join (thread);

  hb_host_output_flush (self);
}
