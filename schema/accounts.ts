import type { Role } from './roles.ts';

/** A user as the API shows it to that user (`GET /api/me`) and in auth responses. */
export interface UserDto {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  country: string | null;
  roles: Role[];
  guest: boolean;
  createdAt: string;
}

/** The answer of register, login, guest and refresh. */
export interface AuthResponse {
  user: UserDto;
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
}
