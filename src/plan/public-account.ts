/**
 * TikTok refuses every direct post by an unaudited app to a public account
 * (unaudited_client_can_only_post_to_private_accounts). The creator cache
 * already says whether an account is public, so the plan and the engine refuse
 * such a post before any request, with the fix, instead of sending it.
 */

/** A public account offers PUBLIC_TO_EVERYONE; a private one never does. */
export function isPublicAccount(creator: { privacy_level_options: string[] }): boolean {
  return creator.privacy_level_options.includes('PUBLIC_TO_EVERYONE')
}

/** Why a direct post to a public account under an unaudited app is not sent, and the fix. */
export function publicAccountRefusal(account: string, nickname: string, app: string): string {
  return (
    `account ${account} (${nickname}) is public and app ${app} is not audited, so TikTok would refuse a direct post to it; nothing was sent. ` +
    'Fix: set the account to private in the TikTok app (Profile → Settings and privacy → Privacy → Private account), or send it as a draft with `mode: inbox`; ' +
    'the next run asks TikTok again and posts it once the account is private'
  )
}

