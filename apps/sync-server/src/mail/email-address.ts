/** An e-mail address as people type one: something@domain.tld, no spaces. */
export const EMAIL_ADDRESS = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/;
