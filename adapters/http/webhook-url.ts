/** Where a channel's messenger must post: `<PUBLIC_URL>/webhooks/<provider>/<channel id>`; undefined without a public URL. */
export function webhookUrl(publicUrl: string | undefined, channel: { readonly provider: string; readonly id: string }): string | undefined {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/webhooks/${channel.provider}/${channel.id}` : undefined;
}
