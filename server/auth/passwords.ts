import "server-only";
import bcrypt from "bcryptjs";

// bcrypt cost 11 ≈ 150 ms per hash on these 2-core machines: slow for attackers, fine for sign-in.
const BCRYPT_COST = 11;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, BCRYPT_COST);

export const verifyPassword = ({ password, hash }: { password: string; hash: string | null }): Promise<boolean> =>
  // Compare against a fixed hash when the user has none, so timing does not reveal which emails exist.
  bcrypt.compare(password, hash ?? "$2b$11$C6UzMDM.H6dfI/f/IKcEeO5oBaWnqXDEOWlm2Tb1Y0kRc3eVoDb7a");
