import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, type Principal } from '@app/access';
import { StaffRepository } from '@app/compliance';
import type { AuthedRequest } from '../auth/auth.guard';
import { homeFor } from './page-access';

/**
 * GET /: a signed-in person goes to their role's home (signing in comes back here when no page was
 * asked for); anyone else goes to the sign-in page. Public, so that no one is refused the site's root.
 */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly staff: StaffRepository) {}

  @Get()
  @Public()
  async home(@Req() req: AuthedRequest, @Res() res: Response): Promise<void> {
    const p = req.principal;
    res.redirect(303, p ? homeFor(p, await this.teamOf(p)) : '/sign-in');
  }

  /** A team manager's team, from the staff reference their account is linked to. */
  private async teamOf(p: Principal): Promise<string | undefined> {
    if (p.role !== 'team_manager' || !p.staffRef || p.las === '*' || p.las.length !== 1) return undefined;
    const directory = await this.staff.directory(p.las[0]);
    return directory.members.find((m) => m.staffRef === p.staffRef)?.team;
  }
}
